/// One entry of the change feed: a write, its sequence number, and the record as that write left it.
public struct Change: Codable, Sendable, Equatable {
    /// Server-wide, strictly increasing; a reader resumes with `since` = the last `seq` it holds.
    public var seq: Int64
    public var type: RecordType
    public var id: String
    public var version: Int
    /// True for a verdict tombstone.
    public var deleted: Bool
    public var record: AnyRecord

    public init(seq: Int64, record: AnyRecord) {
        self.seq = seq
        self.type = record.type
        self.id = record.id
        self.version = record.version
        self.deleted = record.isDeleted
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case seq, type, id, version, deleted, record
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seq = try container.decode(Int64.self, forKey: .seq)
        type = try container.decode(RecordType.self, forKey: .type)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(Int.self, forKey: .version)
        deleted = try container.decode(Bool.self, forKey: .deleted)
        record = try AnyRecord.decode(type, from: container, forKey: .record)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(version, forKey: .version)
        try container.encode(deleted, forKey: .deleted)
        try record.encode(to: &container, forKey: .record)
    }
}

/// A page of `GET /v1/changes?since=SEQ&limit=N`.
public struct ChangesPage: Codable, Sendable, Equatable {
    public var changes: [Change]
    /// The cursor for the next request: the `seq` of the last change here, or `since` when there were none.
    public var next: Int64
    /// True when more changes follow `next` right now.
    public var hasMore: Bool
    /// The change log's id. If it differs from the one a client's cursor came from (the server was restored
    /// from a backup), the cursor means nothing: pull again from 0.
    public var feed: String

    public init(changes: [Change], next: Int64, hasMore: Bool, feed: String) {
        self.changes = changes
        self.next = next
        self.hasMore = hasMore
        self.feed = feed
    }
}
