import Hummingbird
import VerdictShared

/// `/v1/verdicts/{id}`: a reviewer's own verdicts.
struct VerdictsController {
    let store: any RecordStore
    let writes: RecordWrites
    let maxBodyBytes: Int
    let workflow: DeskWorkflow

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("verdicts/:id", use: show)
        group.put("verdicts/:id", use: replace)
        group.delete("verdicts/:id", use: delete)
    }

    /// `GET /v1/verdicts/{id}`: the verdict, or its tombstone (`deleted: true`).
    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RecordID.isValid(id), let verdict = try await store.verdict(id: id) else {
            throw APIError.notFound("no verdict with id '\(id.prefix(80))'")
        }
        let visibility = VerdictVisibility(context.identity, workflow: workflow)
        if verdict.reviewer != context.identity.name,
            try await !store.maySeeVerdicts(onClaim: verdict.claimId, visibility)
        {
            throw APIError(
                .forbidden, code: "blind-review",
                "blind review: other reviewers' verdicts on claim \(verdict.claimId) stay hidden until you give yours")
        }
        return try RecordWrites.readResponse(.verdict(verdict), request: request)
    }

    /// `PUT /v1/verdicts/{id}`: create (201) or replace (If-Match required) your verdict.
    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.put(
            .verdict, id: id, record: MutationRecord.verdict, limit: maxBodyBytes, request: request, context: context)
    }

    /// `DELETE /v1/verdicts/{id}`: delete your verdict (If-Match required), leaving a tombstone.
    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await writes.write(.verdict, .delete, id: id, record: nil, request: request, context: context)
    }
}
