import Foundation

/// The kinds of record that sync and the change feed carry.
public enum RecordType: String, Codable, Sendable, CaseIterable {
    case article
    case claim
    case verdict
    case publication
    case assignment
}

/// A record of any synced kind. Encodes as the bare record; decoding needs the ``RecordType`` that travels
/// beside it (`type` in changes, mutation results and errors).
public enum AnyRecord: Sendable, Equatable {
    case article(Article)
    case claim(Claim)
    case verdict(Verdict)
    case publication(Publication)
    case assignment(Assignment)

    public var type: RecordType {
        switch self {
        case .article: .article
        case .claim: .claim
        case .verdict: .verdict
        case .publication: .publication
        case .assignment: .assignment
        }
    }

    public var id: String {
        switch self {
        case .article(let record): record.id
        case .claim(let record): record.id
        case .verdict(let record): record.id
        case .publication(let record): record.id
        case .assignment(let record): record.id
        }
    }

    public var version: Int {
        switch self {
        case .article(let record): record.version
        case .claim(let record): record.version
        case .verdict(let record): record.version
        case .publication(let record): record.version
        case .assignment(let record): record.version
        }
    }

    /// When the record was last written.
    public var updatedAt: String {
        switch self {
        case .article(let record): record.updatedAt
        case .claim(let record): record.updatedAt
        case .verdict(let record): record.updatedAt
        case .publication(let record): record.updatedAt
        case .assignment(let record): record.updatedAt
        }
    }

    /// Only verdicts have tombstones.
    public var isDeleted: Bool {
        switch self {
        case .verdict(let verdict): verdict.deleted
        case .assignment(let assignment): assignment.deleted
        default: false
        }
    }

    /// The record of `type` from its JSON (as the change log and the workspace store it).
    public init(_ type: RecordType, json: String) throws {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        switch type {
        case .article: self = .article(try decoder.decode(Article.self, from: data))
        case .claim: self = .claim(try decoder.decode(Claim.self, from: data))
        case .verdict: self = .verdict(try decoder.decode(Verdict.self, from: data))
        case .publication: self = .publication(try decoder.decode(Publication.self, from: data))
        case .assignment: self = .assignment(try decoder.decode(Assignment.self, from: data))
        }
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
        case .assignment: .assignment(try container.decode(Assignment.self, forKey: key))
        }
    }

    /// Encodes the bare record under `key`.
    public func encode<Key: CodingKey>(to container: inout KeyedEncodingContainer<Key>, forKey key: Key) throws {
        switch self {
        case .article(let record): try container.encode(record, forKey: key)
        case .claim(let record): try container.encode(record, forKey: key)
        case .verdict(let record): try container.encode(record, forKey: key)
        case .publication(let record): try container.encode(record, forKey: key)
        case .assignment(let record): try container.encode(record, forKey: key)
        }
    }
}
