import Foundation

/// The features of one sentence that make it worth checking or not, and the score they add up to.
///
/// Raising the score: figures (numbers, number words, percentages, money, units), dates (months, weekdays, years,
/// relative days), attributions (`said`, `according to`, `confirmed`...), comparisons (`more than`, `record`,
/// superlatives), names (capitalized words inside the sentence) and quantity words. Lowering it: a question, an
/// opinion or hedge (`I think`, `should`, `must`, `we hope`), fewer than five words, and a quote of feelings.
struct CheckWorthinessFeatures {
    /// In 0...1.
    let score: Double
    /// The positive features found, in a fixed order.
    let reasons: [String]

    /// What each feature adds or takes away.
    enum Weight {
        static let base = 0.1
        static let figure = 0.3
        static let unit = 0.1
        static let date = 0.15
        static let attribution = 0.2
        static let comparison = 0.15
        static let named = 0.08
        static let manyNames = 0.15
        static let quantity = 0.05
        static let opinion = 0.25
        static let feeling = 0.25
        static let questionFactor = 0.25
        static let shortFactor = 0.4
    }

    /// The features of `sentence`.
    init(_ sentence: String) {
        let words = Self.words(of: sentence)
        let lower = words.map { $0.text.lowercased() }
        let phrase = " " + lower.joined(separator: " ") + " "
        var total = Weight.base
        var reasons: [String] = []
        func add(_ reason: String, _ weight: Double, if present: Bool) {
            guard present else { return }
            total += weight
            if !reasons.contains(reason) { reasons.append(reason) }
        }
        let figures = Self.hasFigure(words: words, lower: lower)
        add("figure", Weight.figure, if: figures)
        add("figure", Weight.unit, if: figures && Self.hasUnit(sentence, lower: lower))
        add("date", Weight.date, if: Self.hasDate(words: words, lower: lower))
        add("attribution", Weight.attribution, if: Self.contains(phrase, Lexicon.attributions))
        add("comparison", Weight.comparison, if: Self.hasComparison(phrase, lower: lower))
        let names = Self.nameCount(words: words)
        add("named", names >= 3 ? Weight.manyNames : Weight.named, if: names > 0)
        add("quantity", Weight.quantity, if: lower.contains { Lexicon.quantities.contains($0) })
        if Self.contains(phrase, Lexicon.opinions) { total -= Weight.opinion }
        if Self.isQuoteOfFeelings(sentence, lower: lower) { total -= Weight.feeling }
        if Self.isQuestion(sentence) { total *= Weight.questionFactor }
        if words.count < 5 { total *= Weight.shortFactor }
        self.score = min(1, max(0, total))
        self.reasons = reasons
    }

    /// A word of the sentence and whether it starts the sentence or a quotation.
    struct Word {
        let text: String
        let initial: Bool
    }

    /// Runs of letters or digits (an inner apostrophe kept), typographic variants folded.
    static func words(of sentence: String) -> [Word] {
        var words: [Word] = []
        var current = String.UnicodeScalarView()
        var initial = true
        var pendingInitial = true
        let scalars = sentence.unicodeScalars.map(TextAnchor.folded)
        for (index, scalar) in scalars.enumerated() {
            let inner =
                scalar == "'" && !current.isEmpty && index + 1 < scalars.count
                && scalars[index + 1].properties.isAlphabetic
            if scalar.properties.isAlphabetic || ClaimLexer.isDigit(scalar) || inner
                || scalar.properties.generalCategory == .nonspacingMark
            {
                if current.isEmpty { initial = pendingInitial }
                current.append(scalar)
                continue
            }
            if !current.isEmpty {
                words.append(Word(text: String(current), initial: initial))
                current = String.UnicodeScalarView()
                pendingInitial = false
            }
            if "\".!?:;(".unicodeScalars.contains(scalar) || scalar == "\u{201C}" { pendingInitial = true }
        }
        if !current.isEmpty { words.append(Word(text: String(current), initial: initial)) }
        return words
    }

    static func contains(_ phrase: String, _ needles: [String]) -> Bool {
        needles.contains { phrase.contains(" " + $0 + " ") }
    }

    /// A number that is not the day of a month or a year, or a number word.
    static func hasFigure(words: [Word], lower: [String]) -> Bool {
        for (index, word) in lower.enumerated() {
            if Lexicon.numberWords.contains(word) { return true }
            guard word.unicodeScalars.first.map(ClaimLexer.isDigit) ?? false else { continue }
            let nextToMonth =
                (index > 0 && Lexicon.months.contains(lower[index - 1]))
                || (index + 1 < lower.count && Lexicon.months.contains(lower[index + 1]))
            if !nextToMonth, !isYear(word) { return true }
        }
        return false
    }

    static func isYear(_ word: String) -> Bool {
        guard word.count == 4, let value = Int(word) else { return false }
        return (1900...2099).contains(value)
    }

    static func hasUnit(_ sentence: String, lower: [String]) -> Bool {
        sentence.unicodeScalars.contains { "%€$£°".unicodeScalars.contains($0) }
            || lower.contains { Lexicon.units.contains($0) }
    }

    static func hasDate(words: [Word], lower: [String]) -> Bool {
        lower.contains { Lexicon.months.contains($0) || Lexicon.days.contains($0) || isYear($0) }
            || contains(" " + lower.joined(separator: " ") + " ", Lexicon.relativeDates)
    }

    static func hasComparison(_ phrase: String, lower: [String]) -> Bool {
        if contains(phrase, Lexicon.comparisons) { return true }
        for (index, word) in lower.enumerated() where word == "over" || word == "since" {
            if index + 1 < lower.count, lower[index + 1].unicodeScalars.first.map(ClaimLexer.isDigit) ?? false {
                return true
            }
        }
        return false
    }

    /// Capitalized words that do not start the sentence or a quotation (and are not `I`).
    static func nameCount(words: [Word]) -> Int {
        words.filter { word in
            !word.initial && word.text != "I" && (word.text.unicodeScalars.first?.properties.isUppercase ?? false)
        }.count
    }

    static func isQuestion(_ sentence: String) -> Bool {
        let trimmed = sentence.unicodeScalars.reversed().drop { scalar in
            scalar.properties.isWhitespace || SentenceSplitter.closers.contains(scalar)
        }
        return trimmed.first == "?"
    }

    /// A sentence that opens with a quotation in the first person or about feelings.
    static func isQuoteOfFeelings(_ sentence: String, lower: [String]) -> Bool {
        guard let first = sentence.unicodeScalars.first, first == "\u{201C}" || first == "\"" else { return false }
        return lower.contains { Lexicon.firstPerson.contains($0) || Lexicon.feelings.contains($0) }
    }
}
