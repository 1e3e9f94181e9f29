import Foundation
import Hummingbird
import VerdictShared

/// The sync protocol: `GET /v1/changes` and `POST /v1/push` (see docs/PROTOCOL.md).
struct SyncController {
    let store: any RecordStore
    let maxBodyBytes: Int
    let maxBatch: Int
    let workflow: DeskWorkflow
    let metrics: ServerMetrics

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("changes", use: changes)
        group.post("push", use: push)
    }

    static let defaultPageSize = 500
    static let maxPageSize = 5_000

    /// `GET /v1/changes?since=SEQ&limit=N`: changes after SEQ in order, at most N (default 500, at most 5000).
    @Sendable func changes(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let since = try Query.int(request, "since", default: 0, range: 0...Int.max)
        let limit = min(
            try Query.int(request, "limit", default: Self.defaultPageSize, range: 1...Int.max), Self.maxPageSize)
        let page = try await store.changes(
            since: Int64(since), limit: limit, visibility: VerdictVisibility(context.identity, workflow: workflow))
        metrics.recordFeedRead(changes: page.entries.count)
        // Records are stored as JSON already: splice them in rather than decode and encode each one.
        var text = "{\"changes\":["
        text.reserveCapacity(page.entries.reduce(64) { $0 + $1.recordJSON.utf8.count + 120 })
        for (index, entry) in page.entries.enumerated() {
            if index > 0 { text += "," }
            text +=
                "{\"seq\":\(entry.seq),\"type\":\"\(entry.type.rawValue)\",\"id\":\(JSONObjectWriter.quoted(entry.id))"
            text += ",\"version\":\(entry.version),\"deleted\":\(entry.deleted),\"record\":\(entry.recordJSON)}"
        }
        text += "],\"next\":\(page.next),\"hasMore\":\(page.hasMore),\"feed\":\"\(page.feed)\"}"
        return Response.rawJSON(text)
    }

    /// `POST /v1/push`: applies each mutation on its own and answers one result per mutation, in order.
    @Sendable func push(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var request = request
        guard let body = try await request.utf8BodyBuffer(limit: maxBodyBytes) else {
            throw APIError.badRequest("the request body is empty; send a JSON object")
        }
        let batch = try Self.readPush(body)
        guard batch.mutations.count <= maxBatch else {
            throw APIError.badRequest(
                "\(batch.mutations.count) mutations in one push; send at most \(maxBatch) at a time")
        }
        var answers = [String?](repeating: nil, count: batch.mutations.count)
        var valid: [(index: Int, mutation: Mutation)] = []
        for (index, item) in batch.mutations.enumerated() {
            switch item.decoded {
            case .success(let mutation) where RecordID.isValidMutationID(mutation.mutationId):
                valid.append((index, mutation))
            case .success(let mutation):
                answers[index] =
                    MutationResult(
                        mutationId: mutation.mutationId, status: .rejected, type: mutation.type,
                        code: MutationCode.invalid.rawValue,
                        reason:
                            "mutations[\(index)]: mutationId must be 1 to 128 ASCII characters from ! to ~ (pattern ^[!-~]{1,128}$: "
                            + "no spaces, control or non-ASCII characters)"
                    ).jsonText()
            case .failure(let reason):
                answers[index] =
                    MutationResult(
                        mutationId: item.mutationId, status: .rejected, type: nil, code: MutationCode.invalid.rawValue,
                        reason: "mutations[\(index)]: \(reason.text)"
                    ).jsonText()
            }
        }
        let outcomes = try await store.apply(valid.map(\.mutation), by: context.identity, remember: true)
        for (slot, outcome) in zip(valid, outcomes) { answers[slot.index] = outcome.json }
        metrics.recordPush()
        // The invalid ones were answered above, before the store.
        metrics.recordMutations(outcomes.map(\.result.status), from: .push)
        metrics.recordMutations(
            repeatElement(.rejected, count: batch.mutations.count - valid.count), from: .push)
        // Each answer is JSON already (the record written once, in the store): splice them together.
        return Response.rawJSON("{\"results\":[" + answers.compactMap { $0 }.joined(separator: ",") + "]}")
    }
}

extension SyncController {
    /// A push body: the fast reader for the usual well-formed body, `JSONDecoder` (which explains what is
    /// wrong, mutation by mutation) for anything else.
    static func readPush(_ body: ByteBuffer) throws -> LenientPushRequest {
        if let mutations = body.withUnsafeReadableBytes({ PushBodyReader.mutations(in: $0) }) {
            return LenientPushRequest(mutations: mutations.map(LenientPushRequest.Item.init))
        }
        return try Request.decodeJSON(LenientPushRequest.self, from: Data(body.readableBytesView))
    }
}
