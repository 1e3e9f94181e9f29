/// Writes JSON text directly, for the hot paths (change log, push answers) where `JSONEncoder` was measured
/// to cost most of a write (see BENCHMARKS.md). The output decodes with `JSONDecoder` to the same values;
/// tests hold each record's writer to its `Codable` form.
public struct JSONObjectWriter {
    // Bytes rather than a String: many small appends to a String were measured at about twice the cost.
    private var bytes: [UInt8]
    private var isEmpty = true

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// A writer with no buffer of its own yet (see `appendObject`).
    private init(borrowing: Void) { bytes = [] }

    private mutating func key(_ key: String) {
        if isEmpty { isEmpty = false } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `key` must be a plain ASCII name that needs no escaping.
    public mutating func string(_ key: String, _ value: String) {
        self.key(key)
        JSONObjectWriter.appendQuoted(value, to: &bytes)
    }

    /// Omits the field when `value` is nil, as `encodeIfPresent` does.
    public mutating func string(_ key: String, ifPresent value: String?) {
        if let value { string(key, value) }
    }

    public mutating func int(_ key: String, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func int64(_ key: String, ifPresent value: Int64?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func int(_ key: String, ifPresent value: Int?) {
        if let value { int(key, value) }
    }

    /// A finite number, in Swift's shortest round-tripping form.
    public mutating func double(_ key: String, _ value: Double) {
        self.key(key)
        bytes.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
    }

    public mutating func bool(_ key: String, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Inserts text that is already JSON.
    public mutating func raw(_ key: String, _ json: String) {
        self.key(key)
        bytes.append(contentsOf: json.utf8)
    }

    public mutating func raw(_ key: String, ifPresent json: String?) {
        if let json { raw(key, json) }
    }

    /// Writes a nested object under `key`, into the same buffer.
    public mutating func object(_ key: String, _ fields: (inout JSONObjectWriter) -> Void) {
        self.key(key)
        appendObject(fields)
    }

    /// Writes an array of nested objects under `key`, one per element, into the same buffer.
    public mutating func objects<Elements: Sequence>(
        _ key: String, _ elements: Elements, _ fields: (inout JSONObjectWriter, Elements.Element) -> Void
    ) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
            appendObject { fields(&$0, element) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func appendObject(_ fields: (inout JSONObjectWriter) -> Void) {
        // The nested writer borrows this one's buffer (a swap, not a copy) and gives it back.
        var nested = JSONObjectWriter(borrowing: ())
        swap(&nested.bytes, &bytes)
        nested.bytes.append(UInt8(ascii: "{"))
        fields(&nested)
        nested.bytes.append(UInt8(ascii: "}"))
        swap(&nested.bytes, &bytes)
    }

    public consuming func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal, as UTF-8.
    public static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            bytes.append(contentsOf: value.utf8)
        } else {
            let hex = Array("0123456789abcdef".utf8)
            for byte in value.utf8 {
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])  // \"
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])  // \\
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case ..<0x20:
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                // Everything else, multi-byte UTF-8 sequences included, is copied as it is.
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` as a JSON string literal.
    public static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A JSON array of already-written elements.
public func jsonArray(_ elements: [String]) -> String {
    "[" + elements.joined(separator: ",") + "]"
}

extension Evidence {
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 96)
        writer.string("url", url)
        writer.string("note", ifPresent: note)
        return writer.finish()
    }
}

extension Verdict {
    /// The same JSON as `JSONEncoder` gives, written directly.
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 320 + rationale.utf8.count)
        writer.string("id", id)
        writer.int("version", version)
        writer.string("claimId", claimId)
        writer.string("reviewer", reviewer)
        writer.string("label", label)
        writer.double("confidence", confidence)
        writer.string("rationale", rationale)
        writer.raw("evidence", jsonArray(evidence.map(\.jsonText)))
        writer.bool("deleted", deleted)
        writer.string("createdAt", createdAt)
        writer.string("updatedAt", updatedAt)
        return writer.finish()
    }
}

extension Publication {
    /// The same JSON as `JSONEncoder` gives, written directly.
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 400 + summary.utf8.count)
        writer.string("id", id)
        writer.int("version", version)
        writer.string("claimId", claimId)
        writer.string("label", label)
        writer.string("summary", summary)
        writer.raw("evidence", jsonArray(evidence.map(\.jsonText)))
        writer.string("claimAuthor", ifPresent: claimAuthor)
        writer.string("reason", ifPresent: reason)
        writer.string("correction", ifPresent: correction)
        var consensusFields = JSONObjectWriter(capacity: 80)
        consensusFields.string("label", ifPresent: consensus.label)
        consensusFields.double("probability", consensus.probability)
        consensusFields.int("verdicts", consensus.verdicts)
        writer.raw("consensus", consensusFields.finish())
        writer.string("publishedBy", publishedBy)
        writer.string("createdAt", createdAt)
        writer.string("updatedAt", updatedAt)
        return writer.finish()
    }
}

extension Assignment {
    /// The same JSON as `JSONEncoder` gives, written directly.
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 320)
        writer.string("id", id)
        writer.int("version", version)
        writer.string("reviewer", reviewer)
        writer.string("claimId", ifPresent: claimId)
        writer.string("articleId", ifPresent: articleId)
        writer.string("due", ifPresent: due)
        writer.bool("deleted", deleted)
        writer.string("assignedBy", assignedBy)
        writer.string("createdAt", createdAt)
        writer.string("updatedAt", updatedAt)
        return writer.finish()
    }
}

extension Claim {
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 256 + quote.utf8.count * 2)
        writer.string("id", id)
        writer.int("version", version)
        writer.string("articleId", articleId)
        writer.int("revision", revision)
        writer.string("quote", quote)
        writer.string("prefix", prefix)
        writer.string("suffix", suffix)
        writer.int("start", start)
        writer.int("end", end)
        writer.string("status", status.rawValue)
        writer.string("anchoring", anchoring.rawValue)
        writer.string("createdBy", createdBy)
        writer.string("createdAt", createdAt)
        writer.string("updatedAt", updatedAt)
        writer.string("linkedTo", ifPresent: linkedTo)
        return writer.finish()
    }
}

extension Article {
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 256 + body.utf8.count)
        writer.string("id", id)
        writer.int("version", version)
        writer.int("revision", revision)
        writer.string("title", title)
        writer.string("source", source)
        writer.string("url", ifPresent: url)
        writer.string("published", ifPresent: published)
        writer.string("body", body)
        writer.string("contentHash", contentHash)
        writer.string("createdBy", createdBy)
        writer.string("updatedBy", updatedBy)
        writer.string("createdAt", createdAt)
        writer.string("updatedAt", updatedAt)
        writer.int("targetVerdicts", ifPresent: targetVerdicts)
        return writer.finish()
    }
}

extension AnyRecord {
    public var jsonText: String {
        switch self {
        case .article(let record): record.jsonText
        case .claim(let record): record.jsonText
        case .verdict(let record): record.jsonText
        case .publication(let record): record.jsonText
        case .assignment(let record): record.jsonText
        }
    }
}

extension MutationResult {
    /// The result as JSON, with the record's JSON spliced in (`recordJSON` when already written).
    public func jsonText(recordJSON: String? = nil) -> String {
        var writer = JSONObjectWriter(capacity: 160 + (recordJSON?.utf8.count ?? 300))
        writer.string("mutationId", mutationId)
        writer.string("status", status.rawValue)
        writer.string("type", ifPresent: type?.rawValue)
        writer.string("id", ifPresent: id)
        writer.int("version", ifPresent: version)
        writer.int64("seq", ifPresent: seq)
        writer.string("code", ifPresent: code)
        writer.string("reason", ifPresent: reason)
        writer.raw("record", ifPresent: recordJSON ?? record?.jsonText)
        return writer.finish()
    }
}

extension Mutation {
    /// A canonical text of everything the mutation asks for (fixed field order, absent fields marked), to
    /// tell a true retry from a reused mutation id.
    public var canonicalText: String {
        var writer = JSONObjectWriter()
        writer.string("mutationId", mutationId)
        writer.string("type", type.rawValue)
        writer.string("op", op.rawValue)
        writer.string("id", ifPresent: id)
        writer.int("baseVersion", ifPresent: baseVersion)
        switch record {
        case .article(let input):
            var fields = JSONObjectWriter()
            fields.string("id", ifPresent: input.id)
            fields.string("title", input.title)
            fields.string("source", ifPresent: input.source)
            fields.string("url", ifPresent: input.url)
            fields.string("published", ifPresent: input.published)
            fields.string("body", input.body)
            fields.int("targetVerdicts", ifPresent: input.targetVerdicts)
            writer.raw("article", fields.finish())
        case .claim(let input):
            var fields = JSONObjectWriter()
            fields.string("id", ifPresent: input.id)
            fields.string("articleId", input.articleId)
            fields.int("revision", ifPresent: input.revision)
            fields.string("quote", input.quote)
            fields.int("start", ifPresent: input.start)
            fields.int("end", ifPresent: input.end)
            fields.int("occurrence", ifPresent: input.occurrence)
            fields.string("status", ifPresent: input.status?.rawValue)
            fields.string("linkedTo", ifPresent: input.linkedTo)
            writer.raw("claim", fields.finish())
        case .verdict(let input):
            var fields = JSONObjectWriter()
            fields.string("id", ifPresent: input.id)
            fields.string("claimId", input.claimId)
            fields.string("label", input.label)
            if let confidence = input.confidence { fields.double("confidence", confidence) }
            fields.string("rationale", ifPresent: input.rationale)
            if let evidence = input.evidence { fields.raw("evidence", jsonArray(evidence.map(\.jsonText))) }
            writer.raw("verdict", fields.finish())
        case .publication(let input):
            var fields = JSONObjectWriter()
            fields.string("id", ifPresent: input.id)
            fields.string("claimId", input.claimId)
            fields.string("label", ifPresent: input.label)
            fields.string("summary", input.summary)
            if let evidence = input.evidence { fields.raw("evidence", jsonArray(evidence.map(\.jsonText))) }
            fields.string("claimAuthor", ifPresent: input.claimAuthor)
            fields.string("reason", ifPresent: input.reason)
            fields.string("correction", ifPresent: input.correction)
            writer.raw("publication", fields.finish())
        case .assignment(let input):
            var fields = JSONObjectWriter()
            fields.string("id", ifPresent: input.id)
            fields.string("reviewer", input.reviewer)
            fields.string("claimId", ifPresent: input.claimId)
            fields.string("articleId", ifPresent: input.articleId)
            fields.string("due", ifPresent: input.due)
            writer.raw("assignment", fields.finish())
        case nil:
            break
        }
        return writer.finish()
    }
}
