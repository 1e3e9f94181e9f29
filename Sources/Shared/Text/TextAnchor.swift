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
        if longestCombiningRun(in: text, stoppingAbove: combiningRunLimit) > combiningRunLimit {
            text = streamSafe(text)
        }
        return text.precomposedStringWithCanonicalMapping
    }

    /// The most combining marks (non-starters) in a row that Unicode's Stream-Safe Text Format (UAX #15) keeps.
    /// No script needs more. Normalization reorders the marks of a run by sorting, so its time grows with the
    /// square of a run's length: the server refuses longer runs before normalizing anything, and
    /// ``normalize(_:)`` breaks them up as that format does.
    public static let combiningRunLimit = 30

    /// The length of the longest run of combining marks in `text`, counting as the decomposed text would; the scan
    /// stops as soon as a run passes `limit`. One pass, no allocation.
    public static func longestCombiningRun(in text: String, stoppingAbove limit: Int = .max) -> Int {
        var longest = 0
        var run = 0
        for scalar in text.unicodeScalars {
            let marks = combiningMarks(in: scalar)
            if marks == 0 {
                run = 0
                continue
            }
            run += marks
            if run > longest {
                longest = run
                if longest > limit { return longest }
            }
        }
        return longest
    }

    /// How many non-starters `scalar` decomposes to: its own, or the Tibetan vowel signs and the Greek dialytika
    /// tonos that decompose into two.
    private static func combiningMarks(in scalar: Unicode.Scalar) -> Int {
        guard scalar.value >= 0x300 else { return 0 }  // nothing below U+0300 combines
        switch scalar.value {
        case 0x0344, 0x0F73, 0x0F75, 0x0F81: return 2
        default: return scalar.properties.canonicalCombiningClass.rawValue == 0 ? 0 : 1
        }
    }

    /// The Stream-Safe Text Format's fix for an overlong run: a COMBINING GRAPHEME JOINER (U+034F, invisible,
    /// itself a starter) after every ``combiningRunLimit`` marks, which normalization does not reorder across.
    private static func streamSafe(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var run = 0
        for scalar in text.unicodeScalars {
            let marks = combiningMarks(in: scalar)
            if marks == 0 {
                run = 0
            } else if run + marks > combiningRunLimit {
                scalars.append("\u{034F}")
                run = marks
            } else {
                run += marks
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Number of Unicode scalars in `text`.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Scalar offsets at which `quote` starts in `text`, in order (overlapping matches included).
    public static func occurrences(of quote: String, in text: String) -> [Int] {
        occurrences(of: Array(quote.unicodeScalars), in: Array(text.unicodeScalars))
    }

    /// Start offsets of `needle` in `haystack`, at most `limit` of them; linear time (Knuth-Morris-Pratt), so
    /// no text can make the search slow.
    public static func occurrences(
        of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], limit: Int = .max
    ) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count, limit > 0 else { return [] }
        var failure = [Int](repeating: 0, count: needle.count)
        var matched = 0
        for index in 1..<needle.count {
            while matched > 0 && needle[index] != needle[matched] { matched = failure[matched - 1] }
            if needle[index] == needle[matched] { matched += 1 }
            failure[index] = matched
        }
        var found: [Int] = []
        matched = 0
        for (index, scalar) in haystack.enumerated() {
            while matched > 0 && scalar != needle[matched] { matched = failure[matched - 1] }
            if scalar == needle[matched] { matched += 1 }
            if matched == needle.count {
                found.append(index - needle.count + 1)
                if found.count == limit { break }
                matched = failure[matched - 1]
            }
        }
        return found
    }

    /// Up to ``contextLength`` scalars before `start` and after `end`.
    public static func context(of text: String, start: Int, end: Int) -> (prefix: String, suffix: String) {
        context(of: Array(text.unicodeScalars), start: start, end: end)
    }

    /// As ``context(of:start:end:)-(String,_,_)``, on text already split into scalars.
    public static func context(of scalars: [Unicode.Scalar], start: Int, end: Int) -> (prefix: String, suffix: String) {
        let lower = max(0, min(start, scalars.count))
        let upper = max(lower, min(end, scalars.count))
        let prefix = scalars[max(0, lower - contextLength)..<lower]
        let suffix = scalars[upper..<min(scalars.count, upper + contextLength)]
        return (string(prefix), string(suffix))
    }

    public static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A scalar with typographic variants folded to their plain form: curly quotes and apostrophes to straight
    /// ones, dashes and the minus sign to a hyphen, non-breaking and other fixed-width spaces to a space. One
    /// scalar for one, so offsets in folded text are offsets in the original.
    public static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4: "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D: "-"
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: " "
        default: scalar
        }
    }

    /// Start offsets of `quote` in `text` when typographic variants count as the same (see ``folded(_:)``).
    public static func looseOccurrences(of quote: String, in text: String) -> [Int] {
        occurrences(of: quote.unicodeScalars.map(folded), in: text.unicodeScalars.map(folded))
    }
}
