import Foundation

/// Reads words, numbers and unit signs out of a text in one pass over its scalars (NFC, typographic variants
/// folded as ``TextAnchor/folded(_:)`` does).
enum ClaimLexer {
    /// The words, numbers and signs of `text`, in order.
    static func lexemes(of text: String) -> [ClaimTokenizer.Lexeme] {
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        let normalized = isASCII ? text : text.precomposedStringWithCanonicalMapping
        let scalars = normalized.unicodeScalars.map(TextAnchor.folded)
        var lexemes: [ClaimTokenizer.Lexeme] = []
        var index = 0
        var initial = true
        while index < scalars.count {
            let scalar = scalars[index]
            if isDigit(scalar) {
                let negative =
                    index > 0 && scalars[index - 1] == "-" && (index < 2 || !isWordScalar(scalars[index - 2]))
                let (value, end) = number(in: scalars, from: index)
                lexemes.append(.number(value, negative: negative))
                index = end
                initial = false
            } else if scalar.properties.isAlphabetic {
                let (word, acronym, end) = self.word(in: scalars, from: index)
                let capitalized = word.unicodeScalars.first?.properties.isUppercase ?? false
                lexemes.append(.word(word, capitalized: capitalized, initial: initial, acronym: acronym))
                index = end
                initial = false
            } else {
                if "%€$£".unicodeScalars.contains(scalar) { lexemes.append(.sign(scalar)) }
                if ".!?:;\n".unicodeScalars.contains(scalar) { initial = true }
                index += 1
            }
        }
        return lexemes
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { isDigit(scalar) || scalar.properties.isAlphabetic }

    /// A number starting at `start`: digit groups joined across `,` or a space when exactly three digits follow,
    /// one decimal part after `.`, and an ordinal suffix (`1st`, `3rd`) skipped.
    static func number(in scalars: [Unicode.Scalar], from start: Int) -> (Double, end: Int) {
        var index = start
        var digits = String.UnicodeScalarView()
        func readDigits() -> Int {
            let from = index
            while index < scalars.count, isDigit(scalars[index]) {
                digits.append(scalars[index])
                index += 1
            }
            return index - from
        }
        let leading = readDigits()
        while index < scalars.count, scalars[index] == "," || (scalars[index] == " " && leading <= 3),
            isGroup(scalars, at: index + 1)
        {
            index += 1
            _ = readDigits()
        }
        if index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) {
            digits.append(".")
            index += 1
            _ = readDigits()
        }
        index = skipOrdinal(in: scalars, at: index)
        return (Double(String(digits)) ?? 0, index)
    }

    /// Whether exactly three digits start at `index`.
    private static func isGroup(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 3 <= scalars.count, scalars[index..<(index + 3)].allSatisfy(isDigit) else { return false }
        return index + 3 == scalars.count || !isDigit(scalars[index + 3])
    }

    private static func skipOrdinal(in scalars: [Unicode.Scalar], at index: Int) -> Int {
        guard index + 2 <= scalars.count else { return index }
        let suffix = String(String.UnicodeScalarView(scalars[index..<(index + 2)])).lowercased()
        guard ["st", "nd", "rd", "th"].contains(suffix) else { return index }
        if index + 2 < scalars.count, scalars[index + 2].properties.isAlphabetic { return index }
        return index + 2
    }

    /// A word starting at `start`: letters and combining marks, an inner apostrophe dropped (a possessive `'s`
    /// with it), and dotted initials (`U.S.`) read as one acronym.
    static func word(in scalars: [Unicode.Scalar], from start: Int) -> (String, acronym: Bool, end: Int) {
        var index = start
        var word = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark {
                word.append(scalar)
                index += 1
            } else if scalar == "'", index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic {
                let possessive =
                    (scalars[index + 1] == "s" || scalars[index + 1] == "S")
                    && (index + 2 == scalars.count || !scalars[index + 2].properties.isAlphabetic)
                index += possessive ? 2 : 1
                if possessive { break }
            } else {
                break
            }
        }
        if word.count == 1, let initials = dottedInitials(in: scalars, from: start) {
            return (initials.word, true, initials.end)
        }
        let string = String(word)
        let acronym = word.count >= 2 && word.allSatisfy { $0.properties.isUppercase }
        return (string, acronym, index)
    }

    /// `U.S.` or `E.U.`: single letters each followed by a dot, two or more of them.
    private static func dottedInitials(in scalars: [Unicode.Scalar], from start: Int) -> (word: String, end: Int)? {
        var index = start
        var letters = String.UnicodeScalarView()
        while index + 1 < scalars.count, scalars[index].properties.isAlphabetic, scalars[index + 1] == "." {
            letters.append(scalars[index])
            index += 2
        }
        return letters.count >= 2 ? (String(letters), index) : nil
    }
}
