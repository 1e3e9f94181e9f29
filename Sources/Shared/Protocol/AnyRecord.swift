/// The kinds of record that sync and the change feed carry.
public enum RecordType: String, Codable, Sendable, CaseIterable {
    case article
    case claim
    case verdict
    case publication
}

/// A record of any synced kind. Encodes as the bare record; decoding needs the ``RecordType`` that travels
/// beside it (`type` in changes, mutation results and errors).
public enum AnyRecord: Sendable, Equatable {
    case article(Article)
    case claim(Claim)
    case verdict(Verdict)
    case publication(Publication)

    public var type: RecordType {
        switch self {
        case .article: .article
        case .claim: .claim
        case .verdict: .verdict
        case .publication: .publication
        }
    }

    public var id: String {
        switch self {
        case .article(let record): record.id
        case .claim(let record): record.id
        case .verdict(let record): record.id
        case .publication(let record): record.id
        }
    }

    public var version: Int {
        switch self {
        case .article(let record): record.version
        case .claim(let record): record.version
        case .verdict(let record): record.version
        case .publication(let record): record.version
        }
    }

    /// Only verdicts have tombstones.
    public var isDeleted: Bool {
        if case .verdict(let verdict) = self { return verdict.deleted }
        return false
    }

    /// Decodes the record of `type` held under `key`.
    public static func decode<Key: CodingKey>(
        _ type: RecordType, from container: KeyedDecodingContainer<Key>, forKey key: Key
    ) throws -> AnyRecord {
        switch type {
        case .article: .article(try container.decode(Article.self, forKey: key))
        case .claim: .claim(try container.decode(Claim.self, forKey: key))
        case .verdict: .verdict(try container.decode(Verdict.self, forKey: key))
        case .publication: .publication(try container.decode(Publication.self, forKey: key))
        }
    }

    /// Encodes the bare record under `key`.
    public func encode<Key: CodingKey>(to container: inout KeyedEncodingContainer<Key>, forKey key: Key) throws {
        switch self {
        case .article(let record): try container.encode(record, forKey: key)
        case .claim(let record): try container.encode(record, forKey: key)
        case .verdict(let record): try container.encode(record, forKey: key)
        case .publication(let record): try container.encode(record, forKey: key)
        }
    }
}
