import Foundation

/// Splits a claim into comparable terms: typographic variants folded, case and diacritics dropped, numbers
/// normalized (`30,000`, `30 000` and `30000` are one number; `−26`, `-26` and `minus 26` are one; `two`, `dozen`
/// and `€150 million` are numbers too), English words lightly stemmed, stop-words dropped and a few synonyms
/// common in news copy folded into one term. Linear in the length of the text.
enum ClaimTokenizer {
    /// One term of a claim.
    struct Token: Sendable, Equatable {
        /// What is compared: a stem with synonyms folded, or a number's canonical value.
        let term: String
        /// The word as written, lowercased and without diacritics (empty for numbers).
        let surface: String
        /// Word, name or number.
        let kind: ClaimTerms.Kind
        /// Index among all the words and numbers of the text, stop-words included.
        let position: Int
    }

    /// A word or number as the lexer reads it, before any normalization.
    enum Lexeme: Equatable {
        /// Letters; `capitalized` when it starts upper case, `initial` when it starts a sentence.
        case word(String, capitalized: Bool, initial: Bool, acronym: Bool)
        /// Digits with their grouping removed; `negative` when a minus sign stands right before them.
        case number(Double, negative: Bool)
        /// A unit or currency sign.
        case sign(Unicode.Scalar)
    }

    /// The terms of `text`, in order.
    static func tokens(of text: String) -> [Token] {
        tokens(of: ClaimLexer.lexemes(of: text))
    }

    /// The terms of text already read into `lexemes`, in order.
    static func tokens(of lexemes: [Lexeme]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var negateNext = false
        while index < lexemes.count {
            defer { index += 1 }
            switch lexemes[index] {
            case .number(let value, let negative):
                var value = negative || negateNext ? -value : value
                negateNext = false
                if index + 1 < lexemes.count, case .word(let next, _, _, _) = lexemes[index + 1],
                    let factor = multipliers[next.lowercased()]
                {
                    value *= factor
                    index += 1
                }
                tokens.append(Token(term: canonical(value), surface: "", kind: .number, position: index))
            case .sign(let sign):
                guard let term = signs[sign] else { continue }
                tokens.append(Token(term: term, surface: term, kind: .word, position: index))
            case .word(let word, let capitalized, let initial, let acronym):
                let folded = fold(word)
                let lower = acronym && folded == "us" ? "usa" : folded
                if lower == "minus", index + 1 < lexemes.count, case .number = lexemes[index + 1] {
                    negateNext = true
                } else if let token = wordToken(
                    lower, capitalized: capitalized, name: acronym || (capitalized && !initial), after: tokens.last,
                    at: index)
                {
                    tokens.append(token)
                }
            }
        }
        return dated(tokens)
    }

    /// The tokens with each day number next to a month written as a date (`1 february`), so that `February 5`
    /// does not meet `five plants`.
    static func dated(_ tokens: [Token]) -> [Token] {
        var tokens = tokens
        for index in tokens.indices where tokens[index].kind == .number {
            let position = tokens[index].position
            let month = [index - 1, index + 1].first { neighbour in
                tokens.indices.contains(neighbour) && monthNames.contains(tokens[neighbour].term)
                    && abs(tokens[neighbour].position - position) == 1
            }
            guard let month else { continue }
            let token = tokens[index]
            tokens[index] = Token(
                term: token.term + " " + tokens[month].term, surface: "", kind: .number, position: position)
        }
        return tokens
    }

    /// The token for one lowercased word, or nil for a stop-word.
    private static func wordToken(
        _ lower: String, capitalized: Bool, name: Bool, after previous: Token?, at position: Int
    ) -> Token? {
        if let value = numberWords[lower] {
            return Token(term: canonical(value), surface: "", kind: .number, position: position)
        }
        if lower == "c", previous?.kind == .number || previous?.term == celsius {
            return Token(term: celsius, surface: lower, kind: .word, position: position)
        }
        if let month = months[lower], capitalized || lower != "may" {
            return Token(term: month, surface: month, kind: .word, position: position)
        }
        guard !stopWords.contains(lower), lower.unicodeScalars.count > 1 else { return nil }
        let stem = stem(lower)
        let term = synonyms[stem] ?? stem
        return Token(term: term, surface: lower, kind: name ? .name : .word, position: position)
    }

    /// Lowercased, with diacritics removed.
    static func fold(_ word: String) -> String {
        let lower = word.lowercased()
        guard !lower.utf8.allSatisfy({ $0 < 0x80 }) else { return lower }
        return lower.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A number as text: integers without a fraction, others in their shortest form.
    static func canonical(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Light English stemming: plural `-s`/`-es`/`-ies`, `-ed`, `-ing`, a doubled final consonant and a final
    /// `e` come off, so `strikes`, `striking` and `strike` meet. Words of three letters or fewer are kept.
    static func stem(_ word: String) -> String {
        var stem = Array(word.unicodeScalars)
        guard stem.count > 3 else { return word }
        func ends(_ suffix: String) -> Bool { stem.count > suffix.unicodeScalars.count && stem.ends(with: suffix) }
        if ends("ies") || ends("ied") {
            stem.removeLast(3)
            stem.append("y")
        } else if ends("sses") {
            stem.removeLast(2)
        } else if ends("ss") || ends("us") || ends("is") {
            return word
        } else if ends("shes") || ends("ches") || ends("xes") || ends("zes") {
            stem.removeLast(2)
        } else if ends("s") {
            stem.removeLast()
        }
        if stem.count >= 6, ends("ing") {
            stem.removeLast(3)
            undouble(&stem)
        } else if stem.count >= 5, ends("ed") {
            stem.removeLast(2)
            undouble(&stem)
        }
        if stem.count > 3, stem.last == "e" { stem.removeLast() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: stem)
        return String(view)
    }

    private static func undouble(_ stem: inout [Unicode.Scalar]) {
        guard stem.count >= 3, let last = stem.last, stem[stem.count - 2] == last,
            !"aeiouls".unicodeScalars.contains(last)
        else { return }
        stem.removeLast()
    }

    static let celsius = "°c"

    /// Unit and currency signs that count as words.
    static let signs: [Unicode.Scalar: String] = ["%": "percent", "€": "euro", "$": "dollar", "£": "pound"]

    /// Words that scale the number before them.
    static let multipliers: [String: Double] = [
        "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    ]

    /// Number words, `one` to `twenty` and `dozen`.
    static let numberWords: [String: Double] = {
        let words = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ]
        var table: [String: Double] = ["dozen": 12]
        for (index, word) in words.enumerated() { table[word] = Double(index + 1) }
        return table
    }()

    /// Month names and their abbreviations, to the full name.
    static let months: [String: String] = {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        var table: [String: String] = ["sept": "september"]
        for name in names {
            table[name] = name
            table[String(name.prefix(3))] = name
        }
        return table
    }()

    /// The full month names, which a day number counts.
    static let monthNames = Set(months.values)

    /// Words that carry no proposition of their own. Negations and `only` are kept: they change what is claimed.
    static let stopWords: Set<String> = [
        "a", "about", "according", "across", "added", "after", "again", "against", "ago", "all", "almost",
        "along", "already", "also", "although", "am", "among", "amid", "an", "and", "another", "any", "approximately",
        "are", "around", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "down", "during", "each", "either", "else", "even", "ever", "every",
        "for", "from", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "however", "i",
        "in", "into", "is", "it", "its", "just", "may", "me", "might", "mostly", "much", "my", "near", "nearly",
        "of", "off", "on", "onto", "or", "our", "out", "per", "reportedly", "roughly", "said", "say", "saying",
        "says", "shall", "she", "should", "so", "some", "such", "tell", "telling", "tells", "than", "that", "the",
        "their", "them", "then", "there", "these", "they", "this", "those", "though", "through", "to", "told",
        "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which",
        "while", "who", "whom", "whose", "why", "will", "with", "would", "yet", "you", "your", "reported",
        "reporting", "stated", "claimed", "since", "still", "like",
    ]

    /// Synonyms common in news copy, each stemmed group folded into its first word's stem.
    static let synonyms: [String: String] = {
        let groups: [[String]] = [
            ["launch", "fire", "fired", "sent", "send"],
            ["strike", "struck", "attack", "bomb", "bombing", "hit", "airstrike", "raid", "shelling"],
            ["reach", "fall", "fell", "drop", "dropped", "dip", "plunge", "sink", "sank"],
            ["pause", "halt", "truce", "ceasefire", "moratorium", "lull", "stop", "suspend", "cease"],
            ["end", "expire", "lapse", "finish"],
            ["household", "home", "family"],
            ["building", "block"],
            ["forecast", "expect", "predict", "forecaster"],
            ["offer", "propose", "proposal", "suggest"],
            ["reject", "decline", "refuse"],
            ["agree", "accept", "consent"],
            ["talk", "negotiation", "negotiate", "meeting", "meet"],
            ["child", "children", "kid"],
            ["more", "over", "above", "exceed"],
            ["night", "overnight"],
            ["kyiv", "kiev"],
            ["kremlin", "moscow"],
            ["russia", "russian"],
            ["ukraine", "ukrainian"],
            ["usa", "american", "washington"],
            ["°c", "degree", "degrees", "celsius"],
            ["percent", "pct"],
            ["euro", "eur"],
            ["dollar", "usd"],
        ]
        var table: [String: String] = [:]
        for group in groups {
            guard let first = group.first else { continue }
            for word in group { table[stem(word)] = first == celsius ? celsius : stem(first) }
        }
        return table
    }()
}

extension Array where Element == Unicode.Scalar {
    /// Whether the array ends with the scalars of `suffix`.
    func ends(with suffix: String) -> Bool {
        let tail = Array(suffix.unicodeScalars)
        return count >= tail.count && self[(count - tail.count)...].elementsEqual(tail)
    }
}
