import VerdictShared

/// A fast reader for the common push body: well-formed JSON whose every mutation decodes. `JSONDecoder` over
/// `Mutation` was measured at about a fifth of the server's work per pushed verdict; this reads the same
/// values in a single pass over the bytes.
///
/// It answers nil for anything it does not read exactly as `JSONDecoder` would: malformed JSON, a wrong type,
/// a missing field, a duplicate key, a number that is not plain. The caller then decodes with `JSONDecoder`,
/// which names the problem for the one mutation at fault. Tests hold the two to the same values.
struct PushBodyReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// The mutations of a push body, or nil to take the general path.
    static func mutations(in bytes: UnsafeRawBufferPointer) -> [Mutation]? {
        var reader = PushBodyReader(bytes: bytes)
        guard case .object(let top)? = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        guard reader.index == bytes.count, case .array(let items)? = top.unique("mutations") else { return nil }
        var mutations: [Mutation] = []
        mutations.reserveCapacity(items.count)
        for item in items {
            guard case .object(let fields) = item, let mutation = Self.mutation(fields) else { return nil }
            mutations.append(mutation)
        }
        return mutations
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Values

    enum Value {
        case string(String)
        /// The number's text, checked against the JSON grammar.
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object(Fields)
    }

    /// An object's members in order. Lookups are linear: objects here have a handful of keys.
    struct Fields {
        var members: [(key: String, value: Value)] = []

        /// The value of `key`; `.some(nil)` when the key appears more than once (which the caller refuses).
        func unique(_ key: String) -> Value?? {
            var found: Value?
            for member in members where member.key == key {
                if found != nil { return .some(nil) }
                found = member.value
            }
            return found.map { .some($0) }
        }

        var hasDuplicateKeys: Bool {
            guard members.count > 1 else { return false }
            guard members.count <= 16 else { return Set(members.map(\.key)).count != members.count }
            for later in 1..<members.count {
                for earlier in 0..<later where members[earlier].key == members[later].key { return true }
            }
            return false
        }
    }

    private static let maxDepth = 32

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> Value? {
        guard depth < Self.maxDepth else { return nil }
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(Value.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
        index += count
        return value
    }

    private mutating func object(depth: Int) -> Value? {
        index += 1
        var fields = Fields()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let member = value(depth: depth + 1) else { return nil }
            fields.members.append((key, member))
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return fields.hasDuplicateKeys ? nil : .object(fields)
            } else {
                return nil
            }
        }
    }

    private mutating func array(depth: Int) -> Value? {
        index += 1
        var elements: [Value] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = value(depth: depth + 1) else { return nil }
            elements.append(element)
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                return nil
            }
        }
    }

    /// A string literal starting at the opening quote. The body was checked to be valid UTF-8 beforehand.
    private mutating func string() -> String? {
        index += 1
        let start = index
        var plain = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text =
                    plain
                    ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    : unescaped(start..<index)
                index += 1
                return text
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                plain = false
                index += 1  // the escaped byte cannot end the string
            }
            index += 1
        }
        return nil
    }

    private func unescaped(_ range: Range<Int>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var position = range.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= range.upperBound else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while position < range.upperBound {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                position += 1
                continue
            }
            guard position + 1 < range.upperBound else { return nil }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(position) else { return nil }
                position += 4
                if (0xD800..<0xDC00).contains(code) {
                    // A high surrogate must be followed by an escaped low one.
                    guard position + 6 <= range.upperBound, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u"), let low = hex4(position + 2),
                        (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    position += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(contentsOf: UTF8.encode(scalar)!)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A number in the JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() -> Value? {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return nil
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return nil }
        }
        return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    // MARK: Mapping to the protocol's types, field by field as their Codable conformances read them

    /// What a field held: absent (or null, for optional fields), the expected value, or something else.
    private enum Field<T> {
        case absent
        case value(T)
        case wrong
    }

    private static func field<T>(_ fields: Fields, _ key: String, _ read: (Value) -> T?) -> Field<T> {
        switch fields.unique(key) {
        case nil: return .absent
        case .some(nil): return .wrong
        case .some(.some(.null)): return .absent
        case .some(.some(let value)): return read(value).map(Field.value) ?? .wrong
        }
    }

    private static func text(_ value: Value) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// Plain integers only (`JSONDecoder` refuses fractions for `Int`; exponents are left to it).
    private static func integer(_ value: Value) -> Int? {
        guard case .number(let text) = value, text.utf8.allSatisfy({ $0 != 0x2E && $0 | 0x20 != 0x65 }) else {
            return nil
        }
        return Int(text)
    }

    private static func double(_ value: Value) -> Double? {
        guard case .number(let text) = value, let double = Double(text), double.isFinite else { return nil }
        return double
    }

    /// An optional field: nil when absent or null; `wrong` makes the whole body take the general path.
    private static func optional<T>(_ fields: Fields, _ key: String, _ read: (Value) -> T?) -> T?? {
        switch field(fields, key, read) {
        case .absent: return .some(nil)
        case .value(let value): return .some(value)
        case .wrong: return nil
        }
    }

    private static func required<T>(_ fields: Fields, _ key: String, _ read: (Value) -> T?) -> T? {
        if case .value(let value) = field(fields, key, read) { return value }
        return nil
    }

    private static func mutation(_ fields: Fields) -> Mutation? {
        guard let mutationId = required(fields, "mutationId", text),
            let type = required(fields, "type", { text($0).flatMap(RecordType.init(rawValue:)) }),
            let op = required(fields, "op", { text($0).flatMap(MutationOp.init(rawValue:)) }),
            let id = optional(fields, "id", text),
            let baseVersion = optional(fields, "baseVersion", integer)
        else { return nil }
        var record: MutationRecord?
        switch fields.unique("record") {
        case nil, .some(.some(.null)): record = nil
        case .some(.some(.object(let recordFields))):
            switch type {
            case .article: record = articleInput(recordFields).map(MutationRecord.article)
            case .claim: record = claimInput(recordFields).map(MutationRecord.claim)
            case .verdict: record = verdictInput(recordFields).map(MutationRecord.verdict)
            case .publication: record = publicationInput(recordFields).map(MutationRecord.publication)
            case .assignment: record = assignmentInput(recordFields).map(MutationRecord.assignment)
            }
            if record == nil { return nil }
        default: return nil
        }
        return Mutation(mutationId: mutationId, type: type, op: op, id: id, baseVersion: baseVersion, record: record)
    }

    private static func verdictInput(_ fields: Fields) -> VerdictInput? {
        guard let id = optional(fields, "id", text),
            let claimId = required(fields, "claimId", text),
            let label = required(fields, "label", text),
            let confidence = optional(fields, "confidence", double),
            let rationale = optional(fields, "rationale", text),
            let evidence = optional(fields, "evidence", evidenceList)
        else { return nil }
        return VerdictInput(
            id: id, claimId: claimId, label: label, confidence: confidence, rationale: rationale, evidence: evidence)
    }

    private static func publicationInput(_ fields: Fields) -> PublicationInput? {
        guard let id = optional(fields, "id", text),
            let claimId = required(fields, "claimId", text),
            let label = optional(fields, "label", text),
            let summary = required(fields, "summary", text),
            let evidence = optional(fields, "evidence", evidenceList),
            let claimAuthor = optional(fields, "claimAuthor", text),
            let reason = optional(fields, "reason", text),
            let correction = optional(fields, "correction", text)
        else { return nil }
        return PublicationInput(
            id: id, claimId: claimId, label: label, summary: summary, evidence: evidence, claimAuthor: claimAuthor,
            reason: reason, correction: correction)
    }

    private static func assignmentInput(_ fields: Fields) -> AssignmentInput? {
        guard let id = optional(fields, "id", text),
            let reviewer = required(fields, "reviewer", text),
            let claimId = optional(fields, "claimId", text),
            let articleId = optional(fields, "articleId", text),
            let due = optional(fields, "due", text)
        else { return nil }
        return AssignmentInput(id: id, reviewer: reviewer, claimId: claimId, articleId: articleId, due: due)
    }

    private static func evidenceList(_ value: Value) -> [Evidence]? {
        guard case .array(let items) = value else { return nil }
        var list: [Evidence] = []
        list.reserveCapacity(items.count)
        for item in items {
            guard case .object(let fields) = item, let url = required(fields, "url", text),
                let note = optional(fields, "note", text)
            else { return nil }
            list.append(Evidence(url: url, note: note))
        }
        return list
    }

    private static func claimInput(_ fields: Fields) -> ClaimInput? {
        guard let id = optional(fields, "id", text),
            let articleId = required(fields, "articleId", text),
            let revision = optional(fields, "revision", integer),
            let quote = required(fields, "quote", text),
            let start = optional(fields, "start", integer),
            let end = optional(fields, "end", integer),
            let occurrence = optional(fields, "occurrence", integer),
            let status = optional(fields, "status", { text($0).flatMap(ClaimStatus.init(rawValue:)) }),
            let linkedTo = optional(fields, "linkedTo", text)
        else { return nil }
        return ClaimInput(
            id: id, articleId: articleId, revision: revision, quote: quote, start: start, end: end,
            occurrence: occurrence, status: status, linkedTo: linkedTo)
    }

    private static func articleInput(_ fields: Fields) -> ArticleInput? {
        guard let id = optional(fields, "id", text),
            let title = required(fields, "title", text),
            let source = optional(fields, "source", text),
            let url = optional(fields, "url", text),
            let published = optional(fields, "published", text),
            let body = required(fields, "body", text),
            let target = optional(fields, "targetVerdicts", integer)
        else { return nil }
        return ArticleInput(
            id: id, title: title, source: source, url: url, published: published, body: body, targetVerdicts: target)
    }
}
