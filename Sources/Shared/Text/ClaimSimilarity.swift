import Foundation

/// How alike two claims are, for suggesting that a newly marked quote asserts the same fact as a claim already
/// tracked elsewhere (one claim, many appearances).
///
/// The score mixes three measures, each in 0...1:
/// - the weighted overlap (Dice) of content terms: words stemmed and with news-copy synonyms folded, numbers
///   normalized; numbers and names weigh more than words, and in an ``Index`` a rare term weighs more than a
///   common one (inverse document frequency);
/// - the overlap of character trigrams of the content words, which catches spelling variants and compounds;
/// - a penalty when both claims count the same thing with different numbers (`111 drones` against `104 drones`,
///   `until February 1` against `until February 5`): a contradiction on the same topic is a different claim.
///
/// It is a lexical measure: it cannot tell `confirmed` from `denied` when the rest of the sentence is the same,
/// nor that `Sunday` is `February 1`.
public enum ClaimSimilarity {
    /// The score from which two claims are suggested as the same. Measured on `Samples/suggestions/similar-claims.json`
    /// (95 claims, `SuggestionTests`): 0.4 gives precision 0.85 and recall 0.74; 0.3 finds 0.90 of the pairs but
    /// only 0.66 of its suggestions are right, 0.5 is right 0.96 of the time but finds 0.63.
    public static let defaultThreshold = 0.4

    /// The share of the term overlap in the score; the rest is the trigram overlap.
    static let termShare = 0.7
    /// How much a score loses when every thing both claims count is counted differently.
    static let conflictPenalty = 0.6
    /// The conflict of two claims that count different things with different numbers.
    static let unmatchedCounts = 0.5
    /// How much a score loses for each stance one claim takes and the other does not (at most two count).
    static let stancePenalty = 0.25

    /// A claim suggested as the same as the one asked about.
    public struct Suggestion: Sendable, Equatable, Codable {
        /// The id the claim was given in the ``Index``.
        public let id: String
        /// Its ``ClaimSimilarity/score(_:_:)`` against the query, in 0...1.
        public let score: Double

        /// A suggestion of the claim `id` with `score`.
        public init(id: String, score: Double) {
            self.id = id
            self.score = score
        }
    }

    /// Similarity of two claims in 0...1 (1 for the same terms), every term weighted by its kind only.
    public static func score(_ a: String, _ b: String) -> Double {
        score(Profile(ClaimTerms(a), rarity: { _ in 1 }), Profile(ClaimTerms(b), rarity: { _ in 1 }))
    }

    /// Claims to compare against, with their terms and the rarity of each term worked out once.
    public struct Index: Sendable {
        private let entries: [(id: String, profile: Profile)]
        private let rarity: [String: Double]
        private let unseenRarity: Double

        /// An index of `claims`; term rarity is counted over them.
        public init(_ claims: [(id: String, text: String)]) {
            let terms = claims.map { (id: $0.id, terms: ClaimTerms($0.text)) }
            var frequency: [String: Int] = [:]
            for claim in terms {
                for term in claim.terms.terms.keys { frequency[term, default: 0] += 1 }
            }
            let count = Double(max(terms.count, 1))
            let rarity = frequency.mapValues { log(1 + count / Double($0)) }
            let unseen = log(1 + count)
            self.rarity = rarity
            self.unseenRarity = unseen
            self.entries = terms.map { claim in
                (claim.id, Profile(claim.terms, rarity: { rarity[$0] ?? unseen }))
            }
        }

        /// The number of claims in the index.
        public var count: Int { entries.count }

        /// The claims most like `text` scoring at least `minimumScore`, best first (then by id), at most `limit`
        /// of them, leaving out the ids in `excluding` (the claim itself, when it is in the index).
        public func suggestions(
            for text: String, limit: Int = 5, minimumScore: Double = ClaimSimilarity.defaultThreshold,
            excluding: Set<String> = []
        ) -> [Suggestion] {
            guard limit > 0 else { return [] }
            let query = Profile(ClaimTerms(text), rarity: { rarity[$0] ?? unseenRarity })
            var found: [Suggestion] = []
            for entry in entries where !excluding.contains(entry.id) {
                let score = ClaimSimilarity.score(query, entry.profile)
                if score >= minimumScore { found.append(Suggestion(id: entry.id, score: score)) }
            }
            found.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            return Array(found.prefix(limit))
        }
    }

    /// A claim's terms with their weights summed up, ready to compare in time linear in their number.
    struct Profile: Sendable {
        let weights: [String: Double]
        /// The terms in order, so that sums come out the same whatever order a dictionary holds them in.
        let ordered: [(term: String, weight: Double)]
        let total: Double
        let quantities: [String: Set<String>]
        let trigrams: Set<Int>
        let stances: Set<String>
        let counts: Set<String>

        init(_ terms: ClaimTerms, rarity: (String) -> Double) {
            var weights: [String: Double] = [:]
            for (term, weight) in terms.terms { weights[term] = weight * rarity(term) }
            self.weights = weights
            self.ordered = weights.sorted { $0.key < $1.key }.map { (term: $0.key, weight: $0.value) }
            self.total = ordered.reduce(0) { $0 + $1.weight }
            self.quantities = terms.quantities
            self.trigrams = terms.trigrams
            self.stances = terms.stances
            self.counts = terms.counts
        }
    }

    static func score(_ a: Profile, _ b: Profile) -> Double {
        let combined = termShare * termOverlap(a, b) + (1 - termShare) * trigramOverlap(a, b)
        let stances = Double(min(2, a.stances.symmetricDifference(b.stances).count))
        return min(1, max(0, combined * (1 - conflictPenalty * conflict(a, b)) * (1 - stancePenalty * stances)))
    }

    /// Weighted Dice coefficient of the two term sets.
    static func termOverlap(_ a: Profile, _ b: Profile) -> Double {
        guard a.total + b.total > 0 else { return 0 }
        let (small, large) = a.weights.count <= b.weights.count ? (a, b) : (b, a)
        var shared = 0.0
        for (term, weight) in small.ordered {
            if let other = large.weights[term] { shared += weight + other }
        }
        return shared / (a.total + b.total)
    }

    /// Dice coefficient of the two trigram sets.
    static func trigramOverlap(_ a: Profile, _ b: Profile) -> Double {
        guard !a.trigrams.isEmpty || !b.trigrams.isEmpty else { return 0 }
        let (small, large) = a.trigrams.count <= b.trigrams.count ? (a, b) : (b, a)
        let shared = small.trigrams.reduce(0) { large.trigrams.contains($1) ? $0 + 1 : $0 }
        return 2 * Double(shared) / Double(a.trigrams.count + b.trigrams.count)
    }

    /// How far, in 0...1, the numbers of two claims contradict each other: the larger of the share of days
    /// (per month) and the share of counted things (drones, households) that both give with no number in common.
    /// Two claims that count only different things, with no number in common, conflict by half.
    static func conflict(_ a: Profile, _ b: Profile) -> Double {
        var common = (dates: 0, counts: 0)
        var conflicting = (dates: 0, counts: 0)
        for (unit, values) in a.quantities {
            guard let others = b.quantities[unit] else { continue }
            let disjoint = values.isDisjoint(with: others) ? 1 : 0
            if ClaimTokenizer.monthNames.contains(unit) {
                common.dates += 1
                conflicting.dates += disjoint
            } else {
                common.counts += 1
                conflicting.counts += disjoint
            }
        }
        let dates = common.dates == 0 ? 0 : Double(conflicting.dates) / Double(common.dates)
        var counts = common.counts == 0 ? 0 : Double(conflicting.counts) / Double(common.counts)
        if common.counts == 0, !a.counts.isEmpty, !b.counts.isEmpty, a.counts.isDisjoint(with: b.counts) {
            counts = unmatchedCounts
        }
        return max(dates, counts)
    }
}
