import Foundation

/// Rules for identifiers. Records may be created offline, so clients make their own ids (UUIDs are
/// recommended); the server makes a lowercase UUID when a create names none.
public enum RecordID {
    /// Largest accepted id length.
    public static let maxLength = 64

    /// A new random id: a lowercase UUID.
    public static func make() -> String { UUID().uuidString.lowercased() }

    /// 1 to 64 ASCII letters, digits, `-` or `_`.
    public static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= maxLength else { return false }
        return utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }

    /// A client-made mutation id: 1 to 128 printable ASCII characters.
    public static func isValidMutationID(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// A scale label id: 1 to 40 lowercase ASCII letters, digits or `-`.
    public static func isValidLabel(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 40 else { return false }
        return utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }
}

/// Timestamps travel as ISO 8601 UTC strings with milliseconds, e.g. `2026-02-01T09:30:00.000Z`,
/// which sort as text in time order.
public enum Timestamp {
    /// The current time in wire format.
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(millis % 1000), 3))Z"
    }

    /// Today (UTC) as `YYYY-MM-DD`, the form due days take.
    public static func today() -> String { String(now().prefix(10)) }

    /// A real calendar day written `YYYY-MM-DD` (assignments' due days).
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: Int() alone would take "+3" as a month.
        guard text.utf8.count == 10, text.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) }),
            parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
            day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
