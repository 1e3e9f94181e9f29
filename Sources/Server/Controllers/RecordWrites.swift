import Hummingbird
import VerdictShared

/// Plain REST writes as single mutations: the same rules as `POST /v1/push`, with versions carried by
/// `ETag` / `If-Match` and outcomes mapped to HTTP statuses.
struct RecordWrites: Sendable {
    let store: any RecordStore
    let metrics: ServerMetrics

    /// Applies one write; `idFromPath` is the id in the URL (for PUT and DELETE).
    func write(
        _ type: RecordType, _ op: MutationOp, id idFromPath: String?, record: MutationRecord?, request: Request,
        context: AuthenticatedContext
    ) async throws -> Response {
        if let idFromPath, !RecordID.isValid(idFromPath) {
            throw APIError.notFound("no \(type.rawValue) with id '\(idFromPath.prefix(80))'")
        }
        if let idFromPath, let bodyID = record?.id, bodyID != idFromPath {
            throw APIError.badRequest("the URL names \(type.rawValue) \(idFromPath) but the body names \(bodyID)")
        }
        let noneMatch = try ETag.ifNoneMatch(request.headers)
        let createOnly = noneMatch == .any
        var baseVersion: Int?
        switch try ETag.ifMatch(request.headers) {
        case .none: baseVersion = nil
        case .version(let version): baseVersion = version
        case .any:
            guard let id = idFromPath ?? record?.id, let current = try await currentVersion(type, id: id) else {
                throw APIError(
                    .preconditionFailed, code: "not-found", "If-Match: * but the \(type.rawValue) does not exist")
            }
            baseVersion = current
        }
        if case .versions = noneMatch, let id = idFromPath ?? record?.id,
            let current = try await currentRecord(type, id: id), noneMatch.isMatched(byCurrent: current.version)
        {
            throw APIError(
                .preconditionFailed, code: "exists",
                "If-None-Match names version \(current.version), the \(type.rawValue)'s current one", current: current)
        }
        if op == .delete && baseVersion == nil {
            throw APIError(
                .preconditionRequired, code: "if-match-required",
                "send If-Match with the version you are deleting, e.g. If-Match: \"3\"")
        }
        let mutation = Mutation(
            mutationId: RecordID.make(), type: type, op: op, id: idFromPath ?? record?.id, baseVersion: baseVersion,
            record: record)
        let results = try await store.apply([mutation], by: context.identity, remember: false)
        guard let result = results.first?.result else {
            throw APIError(.internalServerError, "no outcome for the write")
        }
        metrics.recordMutations(CollectionOfOne(result.status), from: .rest)
        return try respond(result, created: baseVersion == nil, isPut: request.method == .put, createOnly: createOnly)
    }

    /// Decodes the body (at most `limit` bytes) into a record and applies it as a put: a POST when `id` is
    /// nil, else a PUT to that id.
    func put<Input: Decodable>(
        _ type: RecordType, id: String?, record: (Input) -> MutationRecord, limit: Int, request: Request,
        context: AuthenticatedContext
    ) async throws -> Response {
        var request = request
        let input = try await request.decodeJSON(Input.self, limit: limit)
        return try await write(type, .put, id: id, record: record(input), request: request, context: context)
    }

    private func currentVersion(_ type: RecordType, id: String) async throws -> Int? {
        try await currentRecord(type, id: id)?.version
    }

    private func currentRecord(_ type: RecordType, id: String) async throws -> AnyRecord? {
        guard RecordID.isValid(id) else { return nil }
        switch type {
        case .article: return try await store.article(id: id, revision: nil).map(AnyRecord.article)
        case .claim: return try await store.claim(id: id).map(AnyRecord.claim)
        case .verdict: return try await store.verdict(id: id).map(AnyRecord.verdict)
        case .publication: return try await store.publication(id: id).map(AnyRecord.publication)
        case .assignment: return try await store.assignment(id: id).map(AnyRecord.assignment)
        }
    }

    private func respond(_ result: MutationResult, created: Bool, isPut: Bool, createOnly: Bool) throws -> Response {
        let reason = result.reason ?? result.status.rawValue
        switch result.status {
        case .applied:
            guard let record = result.record else { throw APIError(.internalServerError, "no record in the outcome") }
            var response = Self.recordResponse(record, status: created ? .created : .ok)
            if created { response.headers[.location] = "/v1/\(record.type.rawValue)s/\(record.id)" }
            return response
        case .merged:
            guard let record = result.record else { throw APIError(.internalServerError, "no record in the outcome") }
            if createOnly {
                throw APIError(
                    .preconditionFailed, code: "exists",
                    "If-None-Match: * but claim \(record.id) already marks this span", current: record)
            }
            var response = Self.recordResponse(record, status: .ok)
            response.headers[.contentLocation] = "/v1/\(record.type.rawValue)s/\(record.id)"
            return response
        case .conflict:
            let status: HTTPResponse.Status
            switch result.mutationCode {
            case .stale: status = .preconditionFailed
            case .exists where createOnly: status = .preconditionFailed
            case .exists where isPut: status = .preconditionRequired
            default: status = .conflict
            }
            var message = reason
            if result.mutationCode == .exists && isPut && !createOnly, let version = result.version {
                message += "; send If-Match: \"\(version)\" to replace it"
            }
            throw APIError(status, code: result.code, message, current: result.record)
        case .rejected:
            let status: HTTPResponse.Status =
                switch result.mutationCode {
                case .forbidden: .forbidden
                case .notFound: .notFound
                case .duplicate: .conflict
                default: .badRequest
                }
            throw APIError(status, code: result.code, reason)
        }
    }

    /// A single-record read: `304 Not Modified` (with the ETag, no body) when `If-None-Match` names the
    /// record's current version or is `*`, else the record with its ETag.
    static func readResponse(_ record: AnyRecord, request: Request) throws -> Response {
        guard try ETag.ifNoneMatch(request.headers).isMatched(byCurrent: record.version) else {
            return recordResponse(record)
        }
        return Response(status: .notModified, headers: [.eTag: ETag.make(record.version)])
    }

    /// A record as a JSON response with its ETag.
    static func recordResponse(_ record: AnyRecord, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response.rawJSON(record.jsonText, status: status)
        response.headers[.eTag] = ETag.make(record.version)
        return response
    }
}
