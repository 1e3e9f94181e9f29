import Testing
import VerdictShared
import VerdictTestSupport

/// Majority vote, Dawid-Skene and claim status.
@Suite struct ConsensusTests {
    typealias Rating = Agreement.Rating

    @Test func aTieIsDisputedWhateverOrderTheLabelsHave() throws {
        let policy = Consensus.Policy(minimumVerdicts: 2, threshold: 0.5)
        for labels in [(0, 4), (4, 0), (2, 5), (5, 2)] {
            let ratings = [
                Rating(unit: 1, rater: 1, value: labels.0), Rating(unit: 1, rater: 2, value: labels.1),
            ]
            let outcome = Consensus.majority(ratings, labels: 6)[1]!
            #expect(outcome.label == nil && outcome.probability == 0.5)
            #expect(policy.status(of: outcome) == .disputed)
            // Dawid-Skene on a perfectly symmetric tie has no label either.
            #expect(try Consensus.dawidSkene(ratings, labels: 6).outcomes[1]?.label == nil)
        }
    }

    @Test func aThreeWaySplitOnAThinDeskIsDisputedUnderDawidSkene() throws {
        // Few verdicts per reviewer: whatever the model makes of the desk, a 1-1-1 split has no label.
        var ratings: [Rating] = []
        for claim in 0..<12 {
            for rater in 0..<3 { ratings.append(Rating(unit: claim, rater: rater, value: claim % 3 == 0 ? 2 : 4)) }
        }
        ratings += [
            Rating(unit: 99, rater: 0, value: 0), Rating(unit: 99, rater: 1, value: 4),
            Rating(unit: 99, rater: 2, value: 2),
        ]
        let outcome = try #require(try Consensus.dawidSkene(ratings, labels: 6).outcomes[99])
        #expect(outcome.label == nil, "\(outcome)")
        #expect(Consensus.Policy(minimumVerdicts: 3, threshold: 0.3).status(of: outcome) == .disputed)
    }

    @Test func statusFollowsThePolicy() {
        let policy = Consensus.Policy(minimumVerdicts: 3, threshold: 0.7)
        func outcome(_ votes: [Int]) -> Consensus.Outcome {
            Consensus.majority(votes.enumerated().map { Rating(unit: 0, rater: $0, value: $1) }, labels: 6)[0]!
        }
        #expect(policy.status(of: outcome([0, 0])) == .needsReview)
        #expect(policy.status(of: outcome([0, 0, 0])) == .settled)
        #expect(policy.status(of: outcome([0, 0, 1])) == .disputed, "2/3 is under 0.7")
        #expect(policy.status(of: outcome([5, 5, 5, 5, 0])) == .settled, "a non-ordinal label is a category like any")
        #expect(outcome([5, 5, 5, 5, 0]).label == 5 && outcome([5, 5, 5, 5, 0]).distribution == [1, 0, 0, 0, 0, 4])
    }

    /// Synthetic desk with known truth: reliable, careless, spamming and biased reviewers.
    struct Desk {
        var truth: [Int: Int] = [:]
        var ratings: [Rating] = []
        var kinds: [Int: String] = [:]

        init(claims: Int, seed: UInt64, labels: Int = 6) {
            var rng = SplitMix64(state: seed)
            let reviewers: [(String, Int)] = [("reliable", 6), ("careless", 4), ("spammer", 4), ("biased", 3)]
            var id = 0
            var pool: [(Int, String)] = []
            for (kind, count) in reviewers {
                for _ in 0..<count {
                    kinds[id] = kind
                    pool.append((id, kind))
                    id += 1
                }
            }
            for claim in 0..<claims {
                let real = Int.random(in: 0..<labels, using: &rng)
                truth[claim] = real
                for (reviewer, kind) in pool.shuffled(using: &rng).prefix(5) {
                    let value: Int
                    switch kind {
                    case "reliable":
                        value =
                            Double.random(in: 0..<1, using: &rng) < 0.9 ? real : Int.random(in: 0..<labels, using: &rng)
                    case "careless":
                        value =
                            Double.random(in: 0..<1, using: &rng) < 0.55
                            ? real : Int.random(in: 0..<labels, using: &rng)
                    case "spammer": value = Int.random(in: 0..<labels, using: &rng)
                    default: value = Double.random(in: 0..<1, using: &rng) < 0.8 ? min(labels - 2, real + 1) : real
                    }
                    ratings.append(Rating(unit: claim, rater: reviewer, value: value))
                }
            }
        }

        func accuracy(_ outcomes: [Int: Consensus.Outcome]) -> Double {
            Double(truth.filter { outcomes[$0.key]?.label == $0.value }.count) / Double(truth.count)
        }
    }

    @Test func dawidSkeneBeatsMajorityOnAMixedDesk() throws {
        let desk = Desk(claims: 2_000, seed: 42)
        let majority = desk.accuracy(Consensus.majority(desk.ratings, labels: 6))
        let fitted = try Consensus.dawidSkene(desk.ratings, labels: 6)
        let dawidSkene = desk.accuracy(fitted.outcomes)
        #expect(fitted.converged && fitted.iterations < 100)
        #expect(dawidSkene > majority, "Dawid-Skene \(dawidSkene) vs majority \(majority)")
        #expect(dawidSkene > 0.85)
        // It knows who is who.
        let mean = { (kind: String) -> Double in
            let ids = desk.kinds.filter { $0.value == kind }.map(\.key)
            return ids.map { fitted.accuracy[$0]! }.reduce(0, +) / Double(ids.count)
        }
        #expect(mean("reliable") > 0.85)
        #expect(mean("spammer") < 0.3)
        #expect(mean("reliable") > mean("careless") && mean("careless") > mean("spammer"))
    }

    @Test func dawidSkeneIsDeterministicWhateverTheOrder() throws {
        let desk = Desk(claims: 300, seed: 7)
        var rng = SplitMix64(state: 99)
        let first = try Consensus.dawidSkene(desk.ratings, labels: 6)
        let second = try Consensus.dawidSkene(desk.ratings.shuffled(using: &rng), labels: 6)
        #expect(first.outcomes == second.outcomes)
        #expect(first.iterations == second.iterations)
    }

    @Test func aReviewerWithOneVerdictCannotOverruleThreeAgreeingOnes() throws {
        // Three reviewers who agree across many claims, and a newcomer with a single dissenting verdict.
        var ratings: [Rating] = []
        for claim in 0..<50 {
            for rater in 0..<3 { ratings.append(Rating(unit: claim, rater: rater, value: claim % 5)) }
        }
        ratings.append(Rating(unit: 0, rater: 99, value: 3))
        let fitted = try Consensus.dawidSkene(ratings, labels: 6)
        #expect(fitted.outcomes[0]?.label == 0)
        #expect((fitted.outcomes[0]?.probability ?? 0) > 0.9)
        // Smoothing keeps the newcomer near uninformative: one verdict does not make a reliable reviewer.
        #expect(fitted.accuracy[99]! < fitted.accuracy[0]!)
    }
}
