import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

/// Consensus invariants over many randomly shaped desks (fixed seeds): 1 to 500 claims, 1 to 40 reviewers,
/// sparse and dense, scales of 2 to 8 labels, reviewers of every kind.
@Suite struct ConsensusPropertyTests {
    typealias Rating = Agreement.Rating

    /// A random desk: each claim has a true label (skewed: some labels are rare or absent) and 1 to `perClaim`
    /// reviewers, each reliable, careless, a spammer or biased towards a neighbouring label.
    struct RandomDesk: CustomStringConvertible {
        let labels: Int
        let claims: Int
        let reviewers: Int
        var ratings: [Rating] = []

        init(seed: UInt64, claims: ClosedRange<Int> = 1...500, reviewers: ClosedRange<Int> = 1...40) {
            var rng = SplitMix64(state: seed)
            labels = Int.random(in: 2...8, using: &rng)
            self.claims = Int.random(in: claims, using: &rng)
            self.reviewers = Int.random(in: reviewers, using: &rng)
            let dense = Bool.random(using: &rng)
            let perClaim = dense ? self.reviewers : min(self.reviewers, Int.random(in: 1...5, using: &rng))
            let kinds = (0..<self.reviewers).map { _ in Int.random(in: 0..<4, using: &rng) }
            let weights = (0..<labels).map { _ in Double.random(in: 0..<1, using: &rng) }
            for claim in 0..<self.claims {
                var pick = Double.random(in: 0..<weights.reduce(0, +), using: &rng)
                var truth = 0
                while truth < labels - 1 && pick >= weights[truth] {
                    pick -= weights[truth]
                    truth += 1
                }
                let count = Int.random(in: 1...perClaim, using: &rng)
                for reviewer in Array(0..<self.reviewers).shuffled(using: &rng).prefix(count) {
                    let chance = Double.random(in: 0..<1, using: &rng)
                    let value: Int
                    switch kinds[reviewer] {
                    case 0: value = chance < 0.9 ? truth : Int.random(in: 0..<labels, using: &rng)
                    case 1: value = chance < 0.55 ? truth : Int.random(in: 0..<labels, using: &rng)
                    case 2: value = Int.random(in: 0..<labels, using: &rng)
                    default: value = chance < 0.7 ? (truth + 1) % labels : truth
                    }
                    ratings.append(Rating(unit: claim, rater: reviewer, value: value))
                }
            }
        }

        var description: String { "\(claims) claims, \(reviewers) reviewers, \(labels) labels" }

        /// The claims' vote counts per label.
        var distributions: [Int: [Int]] {
            ratings.reduce(into: [:]) { counts, rating in
                counts[rating.unit, default: [Int](repeating: 0, count: labels)][rating.value] += 1
            }
        }
    }

    static let seeds: [UInt64] = Array(1...120)

    @Test(arguments: seeds)
    func unanimousClaimsKeepTheirLabelUnderEveryMethod(seed: UInt64) throws {
        let desk = RandomDesk(seed: seed)
        let majority = Consensus.majority(desk.ratings, labels: desk.labels)
        let dawidSkene = try Consensus.dawidSkene(desk.ratings, labels: desk.labels).outcomes
        for (claim, counts) in desk.distributions {
            guard let label = counts.indices.first(where: { counts[$0] == counts.reduce(0, +) }) else { continue }
            #expect(majority[claim]?.label == label, "majority, claim \(claim) of \(desk)")
            #expect(dawidSkene[claim]?.label == label, "Dawid-Skene, claim \(claim) \(counts) of \(desk)")
        }
    }

    @Test(arguments: seeds)
    func renamingOrReorderingTheLabelsChangesNothing(seed: UInt64) throws {
        let desk = RandomDesk(seed: seed)
        var rng = SplitMix64(state: seed &* 7919)
        let permutation = Array(0..<desk.labels).shuffled(using: &rng)
        let renamed = desk.ratings.map { Rating(unit: $0.unit, rater: $0.rater, value: permutation[$0.value]) }
        let pairs: [([Int: Consensus.Outcome], [Int: Consensus.Outcome], String)] = [
            (
                Consensus.majority(desk.ratings, labels: desk.labels),
                Consensus.majority(renamed, labels: desk.labels), "majority"
            ),
            (
                try Consensus.dawidSkene(desk.ratings, labels: desk.labels).outcomes,
                try Consensus.dawidSkene(renamed, labels: desk.labels).outcomes, "Dawid-Skene"
            ),
        ]
        for (original, permuted, method) in pairs {
            #expect(original.count == permuted.count)
            for (claim, outcome) in original {
                let other = permuted[claim]
                #expect(other?.label == outcome.label.map { permutation[$0] }, "\(method), claim \(claim) of \(desk)")
                #expect(abs((other?.probability ?? -1) - outcome.probability) < 1e-9, "\(method), claim \(claim)")
            }
        }
    }

    /// A desk of 2 to 5 reviewers and 1 to 50 claims: wherever a label has more than half of a claim's verdicts,
    /// Dawid-Skene gives that label, and elsewhere the majority vote's (a three-way split stays disputed).
    @Test(arguments: seeds)
    func aSmallDeskGetsTheMajorityAnswerWhereverItIsClear(seed: UInt64) throws {
        let desk = RandomDesk(seed: seed, claims: 1...50, reviewers: 2...5)
        let majority = Consensus.majority(desk.ratings, labels: desk.labels)
        let dawidSkene = try Consensus.dawidSkene(desk.ratings, labels: desk.labels).outcomes
        for (claim, outcome) in majority {
            if let clear = outcome.strictMajority {
                #expect(dawidSkene[claim]?.label == clear, "claim \(claim) \(outcome.distribution) of \(desk)")
            }
            // Too few verdicts per reviewer to weigh them: majority vote outright, a tie disputed.
            #expect(dawidSkene[claim]?.label == outcome.label, "claim \(claim) \(outcome.distribution) of \(desk)")
        }
    }

    @Test(arguments: seeds)
    func aConsensusAgainstTheClaimsOwnMajorityIsNeverSettled(seed: UInt64) throws {
        let desk = RandomDesk(seed: seed)
        let policy = Consensus.Policy(minimumVerdicts: 1, threshold: 0)
        // Reweighing allowed from the first verdict, so that the model does overrule majorities somewhere.
        let options = Consensus.DawidSkeneOptions(minimumVerdictsToReweigh: 0)
        for outcome in try Consensus.dawidSkene(desk.ratings, labels: desk.labels, options: options).outcomes.values {
            if let majority = outcome.strictMajority, let label = outcome.label, label != majority {
                #expect(policy.status(of: outcome) == .disputed, "\(outcome) of \(desk)")
            }
        }
    }
}
