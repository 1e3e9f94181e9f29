import Hummingbird
import VerdictShared

/// `/v1/articles`: list, read (any revision), add and correct articles.
struct ArticlesController {
    let store: any RecordStore
    let writes: RecordWrites
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("articles", use: list)
        group.post("articles", use: create)
        group.get("articles/:id", use: show)
        group.put("articles/:id", use: replace)
        group.get("articles/:id/revisions", use: revisions)
    }

    struct ListPage: Codable {
        let articles: [ArticleSummary]
        /// Pass as `after` for the next page; absent on the last page.
        let next: String?
    }

    /// `GET /v1/articles?after=ID&limit=N`: articles ordered by id, without bodies.
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 100, range: 1...1000)
        let after = request.uri.queryParameters["after"].map(String.init)
        let articles = try await store.articles(after: after, limit: limit)
        return try Response.json(ListPage(articles: articles, next: articles.count == limit ? articles.last?.id : nil))
    }

    /// `POST /v1/articles`: add an article (editors and admins).
    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await writes.put(
            .article, id: nil, record: MutationRecord.article, limit: maxBodyBytes, request: request, context: context)
    }

    /// `GET /v1/articles/{id}?revision=N`: the current revision, or revision N.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let revision = try Query.optionalInt(request, "revision", range: 1...Int.max)
        guard RecordID.isValid(id), let article = try await store.article(id: id, revision: revision) else {
            if let revision, RecordID.isValid(id), try await store.article(id: id, revision: nil) != nil {
                throw APIError.notFound("article \(id) has no revision \(revision)")
            }
            throw APIError.notFound("no article with id '\(id.prefix(80))'")
        }
        return try RecordWrites.readResponse(.article(article), request: request)
    }

    /// `PUT /v1/articles/{id}`: create with this id, or correct it (If-Match required); a new revision.
    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.put(
            .article, id: id, record: MutationRecord.article, limit: maxBodyBytes, request: request, context: context)
    }

    /// `GET /v1/articles/{id}/revisions`: the revision history.
    @Sendable func revisions(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let revisions = RecordID.isValid(id) ? try await store.articleRevisions(id: id) : []
        guard !revisions.isEmpty else { throw APIError.notFound("no article with id '\(id.prefix(80))'") }
        return try Response.json(["revisions": revisions])
    }
}
