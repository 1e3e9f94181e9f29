import Hummingbird
import VerdictShared

/// `/v1/publications`: the desk's published verdicts (editors write them; everyone reads them), and each claim's
/// whole story at `/v1/claims/{id}/history`.
struct PublicationsController {
    let store: any RecordStore & ConsensusStore
    let writes: RecordWrites
    let maxBodyBytes: Int
    let workflow: DeskWorkflow

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("publications", use: create)
        group.get("publications/:id", use: show)
        group.put("publications/:id", use: replace)
        group.get("claims/:id/history", use: history)
        group.get("claims/:id/similar", use: similar)
    }

    /// `GET /v1/claims/{id}/similar?limit=N`: active claims that may state the same thing (words and numbers in
    /// common, ``ClaimSimilarity``), best first, leaving out the claim's own appearances; for an editor to link.
    @Sendable func similar(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let limit = try Query.int(request, "limit", default: 5, range: 1...50)
        guard RecordID.isValid(id), let claim = try await store.claim(id: id) else {
            throw APIError.notFound("no claim with id '\(id.prefix(80))'")
        }
        let candidates = try await store.similarityCandidates()
        return try Response.json(
            SimilarClaims.rank(
                claimId: claim.id, quote: claim.quote, linkedTo: claim.linkedTo, among: candidates, limit: limit))
    }

    /// `POST /v1/publications`: publish a claim (201), with a server-made id.
    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await writes.put(
            .publication, id: nil, record: MutationRecord.publication, limit: maxBodyBytes, request: request,
            context: context)
    }

    /// `GET /v1/publications/{id}`: the current version.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RecordID.isValid(id), let publication = try await store.publication(id: id) else {
            throw APIError.notFound("no publication with id '\(id.prefix(80))'")
        }
        return try RecordWrites.readResponse(.publication(publication), request: request)
    }

    /// `PUT /v1/publications/{id}`: publish with this id (201), or publish a correction (If-Match required).
    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.put(
            .publication, id: id, record: MutationRecord.publication, limit: maxBodyBytes, request: request,
            context: context)
    }

    /// `GET /v1/claims/{id}/history`: every change of the claim (marking, status changes, re-anchoring), of every
    /// verdict on it and of its publication, oldest first, with who made it and when. Under blind review a
    /// reviewer who has not rated the claim sees only their own verdicts' changes.
    @Sendable func history(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RecordID.isValid(id),
            let entries = try await store.claimHistory(
                id: id, visibility: VerdictVisibility(context.identity, workflow: workflow))
        else { throw APIError.notFound("no claim with id '\(id.prefix(80))'") }
        var text = "{\"claimId\":\(JSONObjectWriter.quoted(id)),\"entries\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            text +=
                "{\"seq\":\(entry.seq),\"type\":\"\(entry.type.rawValue)\",\"id\":\(JSONObjectWriter.quoted(entry.id))"
            text += ",\"version\":\(entry.version),\"by\":\(JSONObjectWriter.quoted(entry.user))"
            text += ",\"at\":\(JSONObjectWriter.quoted(entry.at)),\"record\":\(entry.recordJSON)}"
        }
        return Response.rawJSON(text + "]}")
    }
}
