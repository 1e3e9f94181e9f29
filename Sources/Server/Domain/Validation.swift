import Foundation
import VerdictShared

/// Field checks shared by the mutation rules and the importer. Each throws a rejection naming the field.
enum Validation {
    typealias Rejection = MutationRules.Rejection

    /// A text as sent, checked for size before anything costly is done with it, then NFC-normalized. This runs
    /// before the write transaction (``MutationRules/prepare(_:hashing:)``): normalization is the one step of
    /// validation whose time grows faster than the text, so nothing else may wait on it.
    static func normalized(_ value: String, field: String, max: Int) throws(Rejection) -> String {
        // Beyond four times the limit, no real writing normalizes back within it: a letter and its marks compose
        // to one scalar, and no script puts three marks on every letter.
        let bound = max * 4
        if value.utf8.count > bound {
            var scalars = 0
            for _ in value.unicodeScalars {
                scalars += 1
                if scalars > bound {
                    throw .invalid("\(field) is far longer than the limit of \(max) characters")
                }
            }
        }
        let run = TextAnchor.longestCombiningRun(in: value, stoppingAbove: TextAnchor.combiningRunLimit)
        if run > TextAnchor.combiningRunLimit {
            throw .invalid(
                "\(field) has more than \(TextAnchor.combiningRunLimit) combining marks in a row; no script needs "
                    + "that many (Unicode's stream-safe limit)")
        }
        return TextAnchor.normalize(value)
    }

    /// Trims surrounding white space and checks the text is present, short enough and free of control
    /// characters (line breaks and tabs are allowed only where `multiline`). The text is already normalized
    /// (``normalized(_:field:max:)``).
    static func text(
        _ value: String, field: String, max: Int, required: Bool = true, multiline: Bool = false
    ) throws(Rejection) -> String {
        let trimmed = multiline ? value : trimmedEnds(value)
        if required && trimmed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("\(field) must not be empty")
        }
        let count = trimmed.unicodeScalars.count
        if count > max { throw .invalid("\(field) is \(count) characters long; the limit is \(max)") }
        let plainASCII = trimmed.utf8.allSatisfy {
            ($0 >= 0x20 && $0 < 0x7F) || (multiline && ($0 == 0x0A || $0 == 0x09))
        }
        if plainASCII { return trimmed }
        for scalar in trimmed.unicodeScalars where scalar.properties.generalCategory == .control {
            if multiline && (scalar == "\n" || scalar == "\t") { continue }
            throw .invalid(
                "\(field) contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
        return trimmed
    }

    /// An absolute http(s) URL.
    static func url(_ value: String, field: String, max: Int) throws(Rejection) -> String {
        let trimmed = trimmedEnds(value)
        guard trimmed.utf8.count <= max else { throw .invalid("\(field) is longer than \(max) bytes") }
        if isPlainHTTPURL(trimmed) { return trimmed }
        // What a terminal or a browser would act on, or hide, has no place in an address.
        if let bad = trimmed.unicodeScalars.first(where: isForbiddenInURL) {
            throw .invalid(
                "\(field) contains U+\(String(format: "%04X", bad.value)) (a control, space or direction character); "
                    + "an http or https address has none (percent-encode it)")
        }
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { throw .invalid("\(field) '\(trimmed.prefix(100))' is not an absolute http or https URL") }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalid("\(field) has port \(port); a port is from 1 to 65535")
        }
        if components.port == nil, let range = components.rangeOfPort, !trimmed[range].isEmpty {
            throw .invalid("\(field) has a port that is not a number from 1 to 65535")
        }
        return trimmed
    }

    /// Fast path for the common case (measured on the push path): `http(s)://host/...` in printable ASCII
    /// with a plain host name. Anything else goes through `URLComponents`.
    private static func isPlainHTTPURL(_ text: String) -> Bool {
        // Native strings have contiguous UTF-8; any other goes the general way.
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let prefix: Int
            if bytes.starts(with: "https://".utf8) {
                prefix = 8
            } else if bytes.starts(with: "http://".utf8) {
                prefix = 7
            } else {
                return false
            }
            var hostLength = 0
            for byte in bytes[prefix...] {
                if byte == 0x2F || byte == 0x3F || byte == 0x23 { break }  // '/', '?', '#' end the host
                let isHostByte =
                    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D
                guard isHostByte else { return false }
                hostLength += 1
            }
            return hostLength > 0 && bytes.allSatisfy { urlBytes[Int($0)] }
        } ?? false
    }

    /// Controls (C0, DEL, C1), white space, and the invisible formatting and direction marks (bidi overrides and
    /// isolates, zero-width characters).
    private static func isForbiddenInURL(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.generalCategory == .control || properties.isWhitespace
            || properties.generalCategory == .format || properties.isBidiControl
    }

    /// Bytes allowed in a plain URL: ASCII letters, digits and `-._~:/?#[]@!$&'()*+,;=%`.
    private static let urlBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "-._~:/?#[]@!$&'()*+,;=%".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// The text without white space or line breaks at either end; Foundation's trimming only when there is some.
    static func trimmedEnds(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if isPlain(first) && isPlain(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `YYYY-MM-DD`, or an ISO 8601 timestamp with a time zone.
    static func publishedDate(_ value: String) throws(Rejection) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if isCalendarDate(trimmed) { return trimmed }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if formatter.date(from: trimmed) != nil { return trimmed }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if formatter.date(from: trimmed) != nil { return trimmed }
        throw .invalid("published '\(trimmed.prefix(40))' is not a date like 2026-01-30 or 2026-01-30T08:00:00Z")
    }

    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
