/// What a mutation does to its record.
public enum MutationOp: String, Codable, Sendable {
    /// Create (no `baseVersion`) or replace (with the `baseVersion` it was edited from).
    case put
    /// Delete a verdict (leaves a tombstone) or withdraw a claim.
    case delete
}

/// The fields of a `put`, by record type.
public enum MutationRecord: Sendable, Equatable {
    case article(ArticleInput)
    case claim(ClaimInput)
    case verdict(VerdictInput)
    case publication(PublicationInput)
    case assignment(AssignmentInput)

    /// The id the record names itself, if any.
    public var id: String? {
        switch self {
        case .article(let input): input.id
        case .claim(let input): input.id
        case .verdict(let input): input.id
        case .publication(let input): input.id
        case .assignment(let input): input.id
        }
    }
}

/// One local edit, as the client sends it in `POST /v1/push`.
public struct Mutation: Codable, Sendable, Equatable {
    /// Client-made, unique per user; a retry with the same id is answered from the first outcome.
    public var mutationId: String
    public var type: RecordType
    public var op: MutationOp
    /// The record's id: required for `delete` and for updates; a create without it gets a server-made id.
    public var id: String?
    /// The version the edit was made from; absent for a create.
    public var baseVersion: Int?
    /// The record's fields; required for `put`.
    public var record: MutationRecord?

    public init(
        mutationId: String, type: RecordType, op: MutationOp, id: String?, baseVersion: Int?,
        record: MutationRecord?
    ) {
        self.mutationId = mutationId
        self.type = type
        self.op = op
        self.id = id
        self.baseVersion = baseVersion
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case mutationId, type, op, id, baseVersion, record
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mutationId = try container.decode(String.self, forKey: .mutationId)
        type = try container.decode(RecordType.self, forKey: .type)
        op = try container.decode(MutationOp.self, forKey: .op)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        baseVersion = try container.decodeIfPresent(Int.self, forKey: .baseVersion)
        let hasRecord = try container.contains(.record) && !container.decodeNil(forKey: .record)
        if !hasRecord {
            record = nil
        } else {
            switch type {
            case .article: record = .article(try container.decode(ArticleInput.self, forKey: .record))
            case .claim: record = .claim(try container.decode(ClaimInput.self, forKey: .record))
            case .verdict: record = .verdict(try container.decode(VerdictInput.self, forKey: .record))
            case .publication: record = .publication(try container.decode(PublicationInput.self, forKey: .record))
            case .assignment: record = .assignment(try container.decode(AssignmentInput.self, forKey: .record))
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mutationId, forKey: .mutationId)
        try container.encode(type, forKey: .type)
        try container.encode(op, forKey: .op)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(baseVersion, forKey: .baseVersion)
        switch record {
        case .article(let input): try container.encode(input, forKey: .record)
        case .claim(let input): try container.encode(input, forKey: .record)
        case .verdict(let input): try container.encode(input, forKey: .record)
        case .publication(let input): try container.encode(input, forKey: .record)
        case .assignment(let input): try container.encode(input, forKey: .record)
        case nil: break
        }
    }
}

/// The body of `POST /v1/push`.
public struct PushRequest: Codable, Sendable, Equatable {
    public var mutations: [Mutation]

    public init(mutations: [Mutation]) {
        self.mutations = mutations
    }
}

/// How one mutation ended.
public enum MutationStatus: String, Codable, Sendable {
    /// Written: `version` and `seq` say where, `record` is the new state.
    case applied
    /// A claim whose span an existing claim already covers: `id` and `record` are the existing claim's;
    /// nothing was written. Move pending verdicts onto `id`.
    case merged
    /// The record changed since `baseVersion` (or already exists): `record` is the server's current state.
    case conflict
    /// Invalid or not allowed: `code` and `reason` say why; nothing was written.
    case rejected
}

/// The answer to one mutation of a push, in the order they were sent.
public struct MutationResult: Codable, Sendable, Equatable {
    public var mutationId: String
    public var status: MutationStatus
    public var type: RecordType?
    public var id: String?
    public var version: Int?
    public var seq: Int64?
    /// Why, as a ``MutationCode`` raw value (read it with ``mutationCode``). A string on the wire, so that a
    /// code a newer server adds still decodes.
    public var code: String?
    /// A sentence for the user.
    public var reason: String?
    public var record: AnyRecord?

    public init(
        mutationId: String, status: MutationStatus, type: RecordType?, id: String? = nil, version: Int? = nil,
        seq: Int64? = nil, code: String? = nil, reason: String? = nil, record: AnyRecord? = nil
    ) {
        self.mutationId = mutationId
        self.status = status
        self.type = type
        self.id = id
        self.version = version
        self.seq = seq
        self.code = code
        self.reason = reason
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case mutationId, status, type, id, version, seq, code, reason, record
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mutationId = try container.decode(String.self, forKey: .mutationId)
        status = try container.decode(MutationStatus.self, forKey: .status)
        type = try container.decodeIfPresent(RecordType.self, forKey: .type)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        version = try container.decodeIfPresent(Int.self, forKey: .version)
        seq = try container.decodeIfPresent(Int64.self, forKey: .seq)
        code = try container.decodeIfPresent(String.self, forKey: .code)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        if let type, container.contains(.record), try !container.decodeNil(forKey: .record) {
            record = try AnyRecord.decode(type, from: container, forKey: .record)
        }
    }

    /// ``code`` as a ``MutationCode``; nil when there is none or it is one this build does not know.
    public var mutationCode: MutationCode? {
        code.flatMap(MutationCode.init(rawValue:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mutationId, forKey: .mutationId)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encodeIfPresent(seq, forKey: .seq)
        try container.encodeIfPresent(code, forKey: .code)
        try container.encodeIfPresent(reason, forKey: .reason)
        try record?.encode(to: &container, forKey: .record)
    }
}

/// The body of a `POST /v1/push` answer: one result per mutation, same order.
public struct PushResponse: Codable, Sendable, Equatable {
    public var results: [MutationResult]

    public init(results: [MutationResult]) {
        self.results = results
    }
}
