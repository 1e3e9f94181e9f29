import Foundation
import Hummingbird
import VerdictShared

/// `/v1/assignments`: editors ask reviewers to rate claims or whole articles; `/v1/coverage` shows how far
/// the assignments and the desk's target are met.
struct AssignmentsController {
    let store: any RecordStore & ConsensusStore
    let writes: RecordWrites
    let maxBodyBytes: Int
    let workflow: DeskWorkflow

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("assignments", use: create)
        group.get("assignments/:id", use: show)
        group.put("assignments/:id", use: replace)
        group.delete("assignments/:id", use: withdraw)
        group.get("coverage", use: coverage)
    }

    /// `POST /v1/assignments`: 201 with the new assignment, or 200 with the reviewer's live one of the same
    /// claim or article.
    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await writes.put(
            .assignment, id: nil, record: MutationRecord.assignment, limit: maxBodyBytes, request: request,
            context: context)
    }

    /// `GET /v1/assignments/{id}`: the assignment, or its tombstone (`deleted: true`).
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RecordID.isValid(id), let assignment = try await store.assignment(id: id) else {
            throw APIError.notFound("no assignment with id '\(id.prefix(80))'")
        }
        return try RecordWrites.readResponse(.assignment(assignment), request: request)
    }

    /// `PUT /v1/assignments/{id}`: assign with this id, or change the due day (If-Match required).
    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.put(
            .assignment, id: id, record: MutationRecord.assignment, limit: maxBodyBytes, request: request,
            context: context)
    }

    /// `DELETE /v1/assignments/{id}`: unassign (If-Match required), leaving a tombstone.
    @Sendable func withdraw(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.write(.assignment, .delete, id: id, record: nil, request: request, context: context)
    }

    /// `GET /v1/coverage?article=ID&after=ID&limit=N`: per article (by id, at most `limit`, default 100, up to
    /// 1000) its claims and how many have the desk's target of live verdicts, and per reviewer with an
    /// assignment there the claims assigned, rated and overdue (unrated past the due day, UTC); a reviewer gets
    /// their own rows only.
    @Sendable func coverage(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let limit = try Query.int(request, "limit", default: 100, range: 1...1000)
        let article = request.uri.queryParameters["article"].map(String.init)
        let after = request.uri.queryParameters["after"].map(String.init)
        for (name, value) in [("article", article), ("after", after)] {
            if let value, !RecordID.isValid(value) {
                throw APIError.badRequest("query parameter '\(name)' must be an article id, not '\(value.prefix(80))'")
            }
        }
        if let article, try await store.article(id: article, revision: nil) == nil {
            throw APIError.notFound("no article with id '\(article)'")
        }
        let today = Timestamp.today()
        var page = try await store.coverage(
            article: article, after: after, limit: limit, targetVerdicts: workflow.targetVerdicts, today: today)
        // Editors follow the whole desk; a reviewer sees how far they themselves are.
        if !context.identity.can(.editor) {
            let me = context.identity.name.lowercased()
            page.reviewers.removeAll { $0.reviewer.lowercased() != me }
        }
        return try Response.json(page)
    }
}
