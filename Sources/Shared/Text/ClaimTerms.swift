import Foundation

/// The comparable content of a claim: its content words (stemmed, with synonyms folded), its numbers (normalized,
/// each with the words it counts), and the character trigrams of its content words.
///
/// Built once per text in time linear in its length; ``ClaimSimilarity`` compares two of them.
struct ClaimTerms: Sendable, Equatable {
    /// How much a kind of term weighs before rarity is taken into account.
    enum Kind: Int, Sendable, Comparable {
        case word = 0
        case name = 1
        case number = 2

        /// The weight of a term of this kind.
        var weight: Double {
            switch self {
            case .word: 1
            case .name: 1.6
            case .number: 2.2
            }
        }

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Each distinct term and its weight before rarity (a number is written as its canonical value, e.g. `30000`,
    /// `-26`, `1.5`, and a day as `1 february`). A run of names (`Dmitry Peskov`) shares out more weight than one
    /// name but less than as many names apart.
    let terms: [String: Double]
    /// The numbers that count something (not days of a month).
    let counts: Set<String>
    /// For each counted thing (the content word after a number, or the month before a day), the numbers given.
    let quantities: [String: Set<String>]
    /// Character trigrams of the lowercased content words, packed into integers.
    let trigrams: Set<Int>
    /// The stances the claim takes (see ``ClaimStance``).
    let stances: Set<String>

    /// The terms of `text`.
    init(_ text: String) {
        let lexemes = ClaimLexer.lexemes(of: text)
        let tokens = ClaimTokenizer.tokens(of: lexemes)
        var terms: [String: Double] = [:]
        var trigrams = Set<Int>()
        let runs = Self.nameRuns(in: tokens)
        for (index, token) in tokens.enumerated() {
            let weight = token.kind == .name ? token.kind.weight / runs[index].squareRoot() : token.kind.weight
            terms[token.term] = max(terms[token.term] ?? 0, weight)
            if token.kind != .number { Self.addTrigrams(of: token.surface, to: &trigrams) }
        }
        self.terms = terms
        self.counts = Set(tokens.filter { $0.kind == .number && !$0.term.contains(" ") }.map(\.term))
        self.trigrams = trigrams
        self.quantities = Self.quantities(in: tokens)
        self.stances = ClaimStance.stances(of: lexemes)
    }

    /// For each token, the length of the run of adjacent names it belongs to (1 for any other token).
    static func nameRuns(in tokens: [ClaimTokenizer.Token]) -> [Double] {
        var runs = [Double](repeating: 1, count: tokens.count)
        var start = 0
        while start < tokens.count {
            var end = start + 1
            if tokens[start].kind == .name {
                while end < tokens.count, tokens[end].kind == .name,
                    tokens[end].position == tokens[end - 1].position + 1
                {
                    end += 1
                }
                for index in start..<end { runs[index] = Double(end - start) }
            }
            start = end
        }
        return runs
    }

    /// The things each number counts: the next two words after it, or the month next to a day.
    static func quantities(in tokens: [ClaimTokenizer.Token]) -> [String: Set<String>] {
        var quantities: [String: Set<String>] = [:]
        for (index, token) in tokens.enumerated() where token.kind == .number {
            for unit in units(of: index, in: tokens) { quantities[unit, default: []].insert(token.term) }
        }
        return quantities
    }

    private static func units(of index: Int, in tokens: [ClaimTokenizer.Token]) -> [String] {
        if index > 0, ClaimTokenizer.monthNames.contains(tokens[index - 1].term) { return [tokens[index - 1].term] }
        if index + 1 < tokens.count, ClaimTokenizer.monthNames.contains(tokens[index + 1].term) {
            return [tokens[index + 1].term]
        }
        let position = tokens[index].position
        let following = tokens[(index + 1)...].prefix { $0.position - position <= 3 }.filter { $0.kind != .number }
        return following.prefix(2).map(\.term)
    }

    private static func addTrigrams(of word: String, to trigrams: inout Set<Int>) {
        let scalars = [0x20] + word.unicodeScalars.map { Int($0.value) } + [0x20]
        guard scalars.count >= 3 else { return }
        for start in 0...(scalars.count - 3) {
            trigrams.insert(scalars[start] << 42 | scalars[start + 1] << 21 | scalars[start + 2])
        }
    }
}
