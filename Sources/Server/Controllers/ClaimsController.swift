import Hummingbird
import VerdictShared

/// `/v1/claims`: mark a claim, read it, withdraw or restore it.
struct ClaimsController {
    let store: any RecordStore
    let writes: RecordWrites
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post("claims", use: create)
        group.get("claims/:id", use: show)
        group.put("claims/:id", use: replace)
        group.delete("claims/:id", use: withdraw)
    }

    /// `POST /v1/claims`: 201 with the new claim, or 200 with the existing claim that marks the same span.
    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await writes.put(
            .claim, id: nil, record: MutationRecord.claim, limit: maxBodyBytes, request: request, context: context)
    }

    /// `GET /v1/claims/{id}`.
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RecordID.isValid(id), let claim = try await store.claim(id: id) else {
            throw APIError.notFound("no claim with id '\(id.prefix(80))'")
        }
        return try RecordWrites.readResponse(.claim(claim), request: request)
    }

    /// `PUT /v1/claims/{id}`: create with this id, or change its status (editors; If-Match required).
    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.put(
            .claim, id: id, record: MutationRecord.claim, limit: maxBodyBytes, request: request, context: context)
    }

    /// `DELETE /v1/claims/{id}`: withdraw (editors; If-Match required). Claims are never erased.
    @Sendable func withdraw(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.write(.claim, .delete, id: id, record: nil, request: request, context: context)
    }
}
