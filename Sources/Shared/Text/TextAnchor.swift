import Foundation

/// Text handling shared by server and client: normalization and span anchoring.
///
/// Positions count **Unicode scalars** (code points, as the W3C TextPositionSelector does) in NFC text, so an
/// emoji or a combining accent never shifts offsets differently on server and client.
public enum TextAnchor {
    /// How many scalars of context `prefix` and `suffix` hold at most.
    public static let contextLength = 32

    /// NFC normalization, with CRLF and lone CR line breaks turned into LF.
    public static func normalize(_ text: String) -> String {
        // ASCII without CR is already NFC with LF line ends: the common case costs one pass.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return text }
        var text = text
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text.precomposedStringWithCanonicalMapping
    }

    /// Number of Unicode scalars in `text`.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// The scalars `start..<end` of `text`, or nil when the range does not lie inside the text.
    public static func slice(_ text: String, start: Int, end: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard start >= 0, end <= scalars.count, start <= end else { return nil }
        return string(scalars[start..<end])
    }

    /// Scalar offsets at which `quote` starts in `text`, in order (overlapping matches included).
    public static func occurrences(of quote: String, in text: String) -> [Int] {
        let needle = Array(quote.unicodeScalars)
        let haystack = Array(text.unicodeScalars)
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { found.append(start) }
        }
        return found
    }

    /// Up to ``contextLength`` scalars before `start` and after `end`.
    public static func context(of text: String, start: Int, end: Int) -> (prefix: String, suffix: String) {
        let scalars = Array(text.unicodeScalars)
        let lower = max(0, min(start, scalars.count))
        let upper = max(lower, min(end, scalars.count))
        let prefix = scalars[max(0, lower - contextLength)..<lower]
        let suffix = scalars[upper..<min(scalars.count, upper + contextLength)]
        return (string(prefix), string(suffix))
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
