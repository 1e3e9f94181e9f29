import VerdictShared

/// The agreement formulas over ratings given as an array: the reference the tests and the benchmark hold the
/// streamed tallies (`Agreement.Coincidences`, `Agreement.FleissTally`, `AgreementReport`) to.
extension Agreement {
    /// One rating: `value` is a category index (for ordinal and interval metrics, its rank or value). A rater
    /// who did not rate a unit is simply absent.
    public struct Rating: Sendable, Equatable {
        public var unit: Int
        public var rater: Int
        public var value: Int

        public init(unit: Int, rater: Int, value: Int) {
            self.unit = unit
            self.rater = rater
            self.value = value
        }
    }

    /// Krippendorff's alpha over any number of raters with missing ratings, as in Krippendorff,
    /// "Computing Krippendorff's Alpha-Reliability" (2011): units with fewer than two ratings are left out.
    /// Nil when fewer than two pairable ratings exist or every rating is the same value (no variation).
    public static func krippendorffAlpha(_ ratings: [Rating], metric: Metric) -> Double? {
        var byUnit: [Int: [Int]] = [:]
        let values = Array(Set(ratings.map(\.value))).sorted()
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        for rating in ratings { byUnit[rating.unit, default: []].append(index[rating.value]!) }
        var coincidences = Coincidences(size: values.count)
        for unit in byUnit.keys.sorted() { coincidences.add(unit: byUnit[unit]!) }
        return coincidences.alpha(metric, values: values.map(Double.init))
    }

    /// Fleiss' kappa from a table of counts: `counts[unit][category]` = raters who put the unit in the category.
    public static func fleissKappa(counts: [[Int]]) -> Result<Double, FleissProblem> {
        var tally = FleissTally(categories: counts.first?.count ?? 0)
        for row in counts { tally.add(unit: row) }
        return tally.kappa
    }

    /// Fleiss' kappa over ratings, with `categories` possible values.
    public static func fleissKappa(_ ratings: [Rating], categories: Int) -> Result<Double, FleissProblem> {
        var table: [Int: [Int]] = [:]
        for rating in ratings where rating.value >= 0 && rating.value < categories {
            table[rating.unit, default: [Int](repeating: 0, count: categories)][rating.value] += 1
        }
        return fleissKappa(counts: table.keys.sorted().map { table[$0]! })
    }

    /// Cohen's kappa between two raters over the units both rated (nil with no shared units or no variation),
    /// over dictionaries: an implementation independent of `cohenKappa(table:categories:)`.
    public static func cohenKappa(_ first: [Int: Int], _ second: [Int: Int]) -> (kappa: Double?, shared: Int) {
        let shared = first.keys.filter { second[$0] != nil }
        guard !shared.isEmpty else { return (nil, 0) }
        var agreeing = 0
        var firstCounts: [Int: Int] = [:]
        var secondCounts: [Int: Int] = [:]
        for unit in shared {
            let a = first[unit]!
            let b = second[unit]!
            if a == b { agreeing += 1 }
            firstCounts[a, default: 0] += 1
            secondCounts[b, default: 0] += 1
        }
        let n = Double(shared.count)
        let observed = Double(agreeing) / n
        var chance = 0.0
        for (category, count) in firstCounts {
            chance += Double(count) / n * Double(secondCounts[category] ?? 0) / n
        }
        guard chance < 1 else { return (nil, shared.count) }
        return ((observed - chance) / (1 - chance), shared.count)
    }
}
