import Foundation

/// What a claim does with its proposition beyond its topic: assents to it, refuses it, proposes it, negates it,
/// forecasts it... Two claims on the same topic in different stances (`Ukraine agreed to` against `Ukraine
/// declined`, `the pause began` against `the pause never began`) assert different things.
enum ClaimStance {
    /// The stances of `text`: the names of the classes below that one of its words (or phrasal verbs) falls in.
    static func stances(of text: String) -> Set<String> {
        stances(of: ClaimLexer.lexemes(of: text))
    }

    /// The stances shown by the words among `lexemes`.
    static func stances(of lexemes: [ClaimTokenizer.Lexeme]) -> Set<String> {
        let words = lexemes.compactMap { lexeme -> String? in
            guard case .word(let word, _, _, _) = lexeme else { return nil }
            return ClaimTokenizer.fold(word)
        }
        var stances = Set<String>()
        for (index, word) in words.enumerated() {
            let stem = ClaimTokenizer.stem(word)
            if let stance = classes[stem] ?? classes[word] { stances.insert(stance) }
            if index + 1 < words.count, let stance = phrasalVerbs[stem + " " + words[index + 1]] {
                stances.insert(stance)
            }
        }
        return stances
    }

    /// Stance classes and the words that show them.
    static let classes: [String: String] = {
        let groups: [String: [String]] = [
            "assent": ["agree", "accept", "confirm", "approve", "endorse", "sign", "grant", "back"],
            "refusal": ["reject", "decline", "refuse", "deny", "dismiss", "rebuff", "veto"],
            "proposal": ["offer", "propose", "proposal", "suggest", "float"],
            "negation": [
                "not", "no", "never", "none", "nothing", "without", "neither", "nor", "lost", "lose", "didnt",
                "doesnt", "dont", "wasnt", "isnt", "hasnt", "havent", "werent", "arent",
            ],
            "forecast": ["expect", "forecast", "forecaster", "predict", "likely", "could"],
            "resumption": ["resume", "renew", "restart"],
            "delay": ["postpone", "delay", "defer"],
            "extension": ["extend", "prolong"],
        ]
        var table: [String: String] = [:]
        for (stance, words) in groups {
            for word in words {
                table[word] = stance
                table[ClaimTokenizer.stem(word)] = stance
            }
        }
        return table
    }()

    /// Two-word verbs, keyed by the stem of the verb and the particle.
    static let phrasalVerbs: [String: String] = [
        ClaimTokenizer.stem("turned") + " down": "refusal", ClaimTokenizer.stem("pushed") + " back": "delay",
        ClaimTokenizer.stem("took") + " note": "noting", ClaimTokenizer.stem("taken") + " note": "noting",
    ]
}
