import Foundation

/// Splits text into sentences by Unicode scalar offsets: at `.`, `!`, `?` or `…` followed by a space and a new
/// sentence, and at every line break (so paragraphs, headings and list items stand alone). It does not split
/// after an abbreviation (`Dr.`, `Jan.`), after initials (`U.S.`, `e.g.`), inside a number (`1.5`), or inside a
/// quotation: a quote runs on to its closing mark, and a sentence ending inside it ends after the mark. Spans
/// are trimmed of whitespace and of a leading Markdown list or heading marker.
enum SentenceSplitter {
    /// The trimmed, non-empty sentence ranges of `scalars`, in order.
    static func ranges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var quotes = 0
        var index = 0
        func close(at end: Int) {
            if let range = trimmed(start..<end, in: scalars) { ranges.append(range) }
            start = end
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                close(at: index)
                quotes = 0
                index += 1
                continue
            }
            if isOpeningQuote(at: index, in: scalars) {
                quotes += 1
            } else if isClosingQuote(scalar) {
                quotes = max(0, quotes - 1)
            }
            guard terminators.contains(scalar) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, terminators.contains(scalars[end]) { end += 1 }
            while end < scalars.count, closers.contains(scalars[end]) {
                if isClosingQuote(scalars[end]) { quotes = max(0, quotes - 1) }
                end += 1
            }
            if quotes == 0, endsSentence(terminator: index, after: end, from: start, in: scalars) { close(at: end) }
            index = end
        }
        close(at: scalars.count)
        return ranges
    }

    static let terminators: Set<Unicode.Scalar> = [".", "!", "?", "…"]
    static let closers: Set<Unicode.Scalar> = ["\u{201D}", "\u{2019}", "\"", "'", ")", "]", "\u{BB}"]

    /// Words after which a dot does not end a sentence: titles and abbreviated months.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "st", "jr", "sr",
        "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
        "inc", "co", "corp", "ltd", "dept", "est", "fig", "vol", "pp",
    ]

    private static func isOpeningQuote(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        let scalar = scalars[index]
        if scalar == "\u{201C}" || scalar == "\u{AB}" { return true }
        guard scalar == "\"" else { return false }
        return index == 0 || scalars[index - 1].properties.isWhitespace
            || "([—–-".unicodeScalars.contains(scalars[index - 1])
    }

    private static func isClosingQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{201D}" || scalar == "\u{BB}" || scalar == "\""
    }

    /// Whether the terminator at `terminator`, with its closing marks up to `end`, ends the sentence begun at
    /// `start`: whitespace or the end of the text follows, the word before it is no abbreviation, initials or
    /// list number, and the next word does not start in lower case.
    private static func endsSentence(
        terminator: Int, after end: Int, from start: Int, in scalars: [Unicode.Scalar]
    ) -> Bool {
        if end == scalars.count { return true }
        guard scalars[end].properties.isWhitespace else { return false }
        if scalars[terminator] == ".", isAbbreviation(before: terminator, from: start, in: scalars) { return false }
        var next = end
        while next < scalars.count, scalars[next].properties.isWhitespace, scalars[next] != "\n" { next += 1 }
        guard next < scalars.count else { return true }
        return !scalars[next].properties.isLowercase
    }

    private static func isAbbreviation(before dot: Int, from start: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var first = dot
        while first > start, !scalars[first - 1].properties.isWhitespace,
            !"(\"\u{201C}".unicodeScalars.contains(
                scalars[first - 1])
        {
            first -= 1
        }
        let word = TextAnchor.string(scalars[first..<dot])
        guard !word.isEmpty else { return false }
        if word.contains(".")
            || (word.unicodeScalars.count == 1 && word.unicodeScalars.allSatisfy(\.properties.isUppercase))
        {
            return true
        }
        if first == start || scalars[start..<first].allSatisfy(\.properties.isWhitespace), word.allSatisfy(\.isNumber) {
            return true
        }
        return abbreviations.contains(word.lowercased())
    }

    /// `range` without surrounding whitespace and a leading list or heading marker, or nil when nothing is left.
    static func trimmed(_ range: Range<Int>, in scalars: [Unicode.Scalar]) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        var marker = lower
        while marker < upper, "#>-*•".unicodeScalars.contains(scalars[marker]) { marker += 1 }
        if marker > lower, marker < upper, scalars[marker] == " " {
            lower = marker
            while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
        }
        while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }
}
