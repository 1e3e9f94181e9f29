/// Agreement between reviewers: Krippendorff's alpha, Fleiss' kappa and Cohen's kappa.
///
/// Values are category indices; each statistic is filled unit (claim) by unit from data read once in a stream,
/// and a rater who did not rate a unit is simply absent. Pure, deterministic, no Foundation.
public enum Agreement {
    /// How differences between values count.
    public enum Metric: String, Sendable, CaseIterable, Codable {
        /// Any two different values disagree equally.
        case nominal
        /// Values are ranks: a difference counts by how many ratings lie between them.
        case ordinal
        /// Values are numbers on an interval scale: a difference counts by its square.
        case interval
    }

    // MARK: Krippendorff's alpha

    /// Krippendorff's coincidence matrix, filled unit by unit, so that alpha can be computed over data read
    /// once in a stream (coincidences add up: a desk's matrix is the sum of its articles').
    public struct Coincidences: Sendable, Equatable {
        /// Values are indices `0..<size`.
        public let size: Int
        /// `matrix[c * size + k]`: pairable value pairs (c, k) within units.
        public private(set) var matrix: [Double]

        public init(size: Int) {
            self.size = size
            matrix = [Double](repeating: 0, count: size * size)
        }

        /// Adds one unit's values (indices below `size`); a unit with fewer than two is not pairable.
        public mutating func add(unit values: some Collection<Int>) {
            let count = values.count
            guard count >= 2 else { return }
            let weight = 1.0 / Double(count - 1)
            for (i, first) in values.enumerated() {
                for (j, second) in values.enumerated() where i != j {
                    matrix[first * size + second] += weight
                }
            }
        }

        /// Adds another matrix of the same size.
        public mutating func add(_ other: Coincidences) {
            for i in matrix.indices { matrix[i] += other.matrix[i] }
        }

        /// Alpha under `metric`; `values` are the numbers the indices stand for (the interval metric's
        /// differences), the indices themselves when nil. Nil with fewer than two pairable values or no
        /// variation.
        public func alpha(_ metric: Metric, values: [Double]? = nil) -> Double? {
            var marginals = [Double](repeating: 0, count: size)
            for c in 0..<size { for k in 0..<size { marginals[c] += matrix[c * size + k] } }
            let total = marginals.reduce(0, +)
            guard total > 1 else { return nil }

            func delta(_ c: Int, _ k: Int) -> Double {
                if c == k { return 0 }
                switch metric {
                case .nominal:
                    return 1
                case .interval:
                    let difference = values.map { $0[c] - $0[k] } ?? Double(c - k)
                    return difference * difference
                case .ordinal:
                    let (low, high) = c < k ? (c, k) : (k, c)
                    var sum = 0.0
                    for g in low...high { sum += marginals[g] }
                    sum -= (marginals[low] + marginals[high]) / 2
                    return sum * sum
                }
            }
            var observed = 0.0
            var expected = 0.0
            for c in 0..<size {
                for k in 0..<size where c != k {
                    let d = delta(c, k)
                    observed += matrix[c * size + k] * d
                    expected += marginals[c] * marginals[k] * d
                }
            }
            guard expected > 0 else { return nil }
            return 1 - (total - 1) * observed / expected
        }
    }

    // MARK: Fleiss' kappa

    /// Why Fleiss' kappa has no value for some data.
    public enum FleissProblem: Error, Equatable, Sendable {
        /// Units were rated by different numbers of raters; Fleiss' kappa needs the same number everywhere.
        case unequalRaterCounts(minimum: Int, maximum: Int)
        /// Fewer than two ratings per unit, or no units.
        case tooFewRatings
        /// Every rating falls in one category: agreement by chance is total.
        case noVariation
    }

    /// Fleiss' kappa filled unit by unit, for data read once in a stream.
    public struct FleissTally: Sendable, Equatable {
        public let categories: Int
        private var shares: [Double]
        private var agreement = 0.0
        private var units = 0
        private var ratings = 0
        private var minimum = Int.max
        private var maximum = 0

        public init(categories: Int) {
            self.categories = categories
            shares = [Double](repeating: 0, count: categories)
        }

        /// Adds one unit: `counts[category]` = raters who chose it.
        public mutating func add(unit counts: some Collection<Int>) {
            let raters = counts.reduce(0, +)
            units += 1
            ratings += raters
            minimum = min(minimum, raters)
            maximum = max(maximum, raters)
            guard raters >= 2 else { return }
            var sumSquares = 0.0
            for (category, count) in counts.enumerated() where category < categories {
                shares[category] += Double(count)
                sumSquares += Double(count * count)
            }
            agreement += (sumSquares - Double(raters)) / (Double(raters) * Double(raters - 1))
        }

        public var kappa: Result<Double, FleissProblem> {
            guard units > 0 else { return .failure(.tooFewRatings) }
            guard minimum == maximum else { return .failure(.unequalRaterCounts(minimum: minimum, maximum: maximum)) }
            guard minimum >= 2 else { return .failure(.tooFewRatings) }
            let observed = agreement / Double(units)
            let all = Double(ratings)
            let chance = shares.map { ($0 / all) * ($0 / all) }.reduce(0, +)
            guard chance < 1 else { return .failure(.noVariation) }
            return .success((observed - chance) / (1 - chance))
        }
    }

    // MARK: Cohen's kappa

    /// Cohen's kappa from a contingency table: `table[a * categories + b]` = units the first rater put in `a`
    /// and the second in `b` (nil with no units or no variation).
    public static func cohenKappa(table: [Int], categories: Int) -> Double? {
        let n = Double(table.reduce(0, +))
        guard n > 0 else { return nil }
        var observed = 0.0
        var rows = [Double](repeating: 0, count: categories)
        var columns = [Double](repeating: 0, count: categories)
        for a in 0..<categories {
            for b in 0..<categories {
                let count = Double(table[a * categories + b])
                if a == b { observed += count }
                rows[a] += count
                columns[b] += count
            }
        }
        let chance = zip(rows, columns).map { $0 * $1 }.reduce(0, +) / (n * n)
        guard chance < 1 else { return nil }
        return (observed / n - chance) / (1 - chance)
    }
}
