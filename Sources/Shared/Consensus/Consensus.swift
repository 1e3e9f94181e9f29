import Foundation

/// What the desk's reviewers agree a claim is: majority vote and Dawid-Skene, and a status per claim.
///
/// Labels are category indices into the verdict scale (non-ordinal labels such as `unverifiable` are simply
/// categories of their own). Pure and deterministic: the same ratings give the same answer in any order.
public enum Consensus {
    /// One claim's outcome.
    public struct Outcome: Sendable, Equatable {
        /// The consensus label, or nil when the top labels tie.
        public var label: Int?
        /// The label's probability: its share of the votes (majority) or its posterior (Dawid-Skene).
        public var probability: Double
        /// Verdicts per label.
        public var distribution: [Int]
        /// How many verdicts the claim has.
        public var count: Int { distribution.reduce(0, +) }
    }

    /// A claim's standing.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Enough verdicts and a probability over the threshold.
        case settled
        /// Enough verdicts, but no label is clear (a tie, or under the threshold).
        case disputed
        /// Too few verdicts to say.
        case needsReview = "needs-review"
    }

    /// When a claim counts as settled.
    public struct Policy: Sendable, Equatable, Codable {
        public var minimumVerdicts: Int
        public var threshold: Double

        public init(minimumVerdicts: Int = 3, threshold: Double = 0.7) {
            self.minimumVerdicts = minimumVerdicts
            self.threshold = threshold
        }

        public func status(of outcome: Outcome) -> Status {
            if outcome.count < minimumVerdicts { return .needsReview }
            guard outcome.label != nil, outcome.probability >= threshold else { return .disputed }
            return .settled
        }
    }

    static func distributions(_ ratings: [Agreement.Rating], labels: Int) -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for rating in ratings where rating.value >= 0 && rating.value < labels {
            result[rating.unit, default: [Int](repeating: 0, count: labels)][rating.value] += 1
        }
        return result
    }

    // MARK: Majority vote

    /// Per claim: the label most verdicts chose, with its share; a tie for the top gives no label.
    public static func majority(_ ratings: [Agreement.Rating], labels: Int) -> [Int: Outcome] {
        distributions(ratings, labels: labels).mapValues { counts in
            let top = counts.max() ?? 0
            let leaders = counts.indices.filter { counts[$0] == top }
            let total = counts.reduce(0, +)
            return Outcome(
                label: leaders.count == 1 ? leaders[0] : nil,
                probability: total == 0 ? 0 : Double(top) / Double(total), distribution: counts)
        }
    }

    // MARK: Dawid-Skene

    /// Natural logarithm of a probability (smoothed probabilities are never 0; a stray 0 counts as very unlikely).
    static func logOfPositive(_ value: Double) -> Double { value > 0 ? log(value) : -745 }

    public struct DawidSkeneOptions: Sendable, Equatable {
        /// Stop when no posterior moves by more than this between iterations.
        public var tolerance: Double
        public var maxIterations: Int
        /// Pseudo-verdicts added to every cell of each reviewer's confusion matrix (a symmetric Dirichlet
        /// prior): a reviewer with few verdicts stays close to uninformative instead of looking perfect.
        public var smoothing: Double

        public init(tolerance: Double = 1e-6, maxIterations: Int = 100, smoothing: Double = 1) {
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.smoothing = smoothing
        }
    }

    public struct DawidSkeneResult: Sendable {
        /// Per claim: the most probable label (nil on an exact tie) and its posterior probability.
        public var outcomes: [Int: Outcome]
        /// Per claim: the posterior over labels.
        public var posteriors: [Int: [Double]]
        /// The estimated share of each label among claims.
        public var priors: [Double]
        /// Per reviewer: `confusion[true][given]`, the probability of giving a label when another is true.
        public var confusion: [Int: [[Double]]]
        /// Per reviewer: the estimated probability of giving the true label.
        public var accuracy: [Int: Double]
        public var iterations: Int
        public var converged: Bool
    }

    /// Dawid and Skene (1979): each reviewer's confusion matrix and each claim's label fitted together by
    /// expectation-maximization, started from the majority vote's label shares.
    public static func dawidSkene(
        _ ratings: [Agreement.Rating], labels: Int, options: DawidSkeneOptions = DawidSkeneOptions()
    ) -> DawidSkeneResult {
        let k = labels
        // Dense indices, in sorted order so that the result does not depend on the input's order.
        let unitIDs = Array(Set(ratings.map(\.unit))).sorted()
        let raterIDs = Array(Set(ratings.map(\.rater))).sorted()
        let unitIndex = Dictionary(uniqueKeysWithValues: unitIDs.enumerated().map { ($1, $0) })
        let raterIndex = Dictionary(uniqueKeysWithValues: raterIDs.enumerated().map { ($1, $0) })
        var votes = ratings.filter { $0.value >= 0 && $0.value < k }.map {
            (unit: unitIndex[$0.unit]!, rater: raterIndex[$0.rater]!, label: $0.value)
        }
        votes.sort { ($0.unit, $0.rater, $0.label) < ($1.unit, $1.rater, $1.label) }
        let units = unitIDs.count
        let raters = raterIDs.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: units)
        for vote in votes { counts[vote.unit][vote.label] += 1 }

        // Flat arrays (unit-major, rater-major): the loops below run over every vote every iteration.
        let voteUnits = votes.map(\.unit)
        let voteRaters = votes.map(\.rater)
        let voteLabels = votes.map(\.label)
        // Start: the majority vote's shares.
        var posterior = [Double](repeating: 1 / Double(k), count: units * k)
        for u in 0..<units {
            let total = Double(counts[u].reduce(0, +))
            if total > 0 { for c in 0..<k { posterior[u * k + c] = Double(counts[u][c]) / total } }
        }
        var priors = [Double](repeating: 1 / Double(k), count: k)
        var confusion = [Double](repeating: 1 / Double(k), count: raters * k * k)
        var logConfusion = [Double](repeating: 0, count: raters * k * k)
        var tallies = [Double](repeating: 0, count: raters * k * k)
        var logs = [Double](repeating: 0, count: units * k)
        var iterations = 0
        var converged = false
        let smoothing = max(0, options.smoothing)
        while iterations < options.maxIterations {
            iterations += 1
            // M-step: priors and confusion matrices (confusion[rater][true][given]) from the posteriors.
            var classTotals = [Double](repeating: 0, count: k)
            for u in 0..<units { for c in 0..<k { classTotals[c] += posterior[u * k + c] } }
            let unitTotal = classTotals.reduce(0, +)
            priors = classTotals.map { ($0 + 1e-3) / (unitTotal + 1e-3 * Double(k)) }
            for i in 0..<tallies.count { tallies[i] = smoothing }
            for v in 0..<voteUnits.count {
                let row = voteUnits[v] * k
                let base = voteRaters[v] * k * k + voteLabels[v]
                for c in 0..<k { tallies[base + c * k] += posterior[row + c] }
            }
            for r in 0..<raters {
                for c in 0..<k {
                    let start = (r * k + c) * k
                    var total = 0.0
                    for l in 0..<k { total += tallies[start + l] }
                    for l in 0..<k {
                        let value = total > 0 ? tallies[start + l] / total : 1 / Double(k)
                        confusion[start + l] = value
                        logConfusion[start + l] = Consensus.logOfPositive(value)
                    }
                }
            }
            // E-step: posteriors from priors and confusion matrices, in log space.
            let logPriors = priors.map { Consensus.logOfPositive($0) }
            for u in 0..<units { for c in 0..<k { logs[u * k + c] = logPriors[c] } }
            for v in 0..<voteUnits.count {
                let row = voteUnits[v] * k
                let base = voteRaters[v] * k * k + voteLabels[v]
                for c in 0..<k { logs[row + c] += logConfusion[base + c * k] }
            }
            var change = 0.0
            for u in 0..<units {
                let row = u * k
                var peak = -Double.infinity
                for c in 0..<k { peak = max(peak, logs[row + c]) }
                var sum = 0.0
                for c in 0..<k {
                    let value = exp(logs[row + c] - peak)
                    logs[row + c] = value
                    sum += value
                }
                for c in 0..<k {
                    let value = logs[row + c] / sum
                    change = max(change, abs(value - posterior[row + c]))
                    posterior[row + c] = value
                }
            }
            if change < options.tolerance {
                converged = true
                break
            }
        }

        var outcomes: [Int: Outcome] = [:]
        var posteriors: [Int: [Double]] = [:]
        for (u, id) in unitIDs.enumerated() {
            let row = Array(posterior[(u * k)..<(u * k + k)])
            let best = row.max() ?? 0
            let leaders = row.indices.filter { best - row[$0] < 1e-12 }
            outcomes[id] = Outcome(
                label: leaders.count == 1 ? leaders[0] : nil, probability: best, distribution: counts[u])
            posteriors[id] = row
        }
        var confusionByRater: [Int: [[Double]]] = [:]
        var accuracy: [Int: Double] = [:]
        for (r, id) in raterIDs.enumerated() {
            let matrix = (0..<k).map { c in Array(confusion[((r * k + c) * k)..<((r * k + c) * k + k)]) }
            confusionByRater[id] = matrix
            accuracy[id] = (0..<k).reduce(0) { $0 + priors[$1] * matrix[$1][$1] }
        }
        return DawidSkeneResult(
            outcomes: outcomes, posteriors: posteriors, priors: priors, confusion: confusionByRater,
            accuracy: accuracy, iterations: iterations, converged: converged)
    }
}
