import Testing
import VerdictShared
import VerdictTestSupport

/// Agreement statistics against published values.
@Suite struct AgreementTests {
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units,
    /// values 1 to 5, missing ratings (nil).
    static let krippendorffExample: [[Int?]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]

    static var krippendorffRatings: [Agreement.Rating] {
        krippendorffExample.enumerated().flatMap { rater, row in
            row.enumerated().compactMap { unit, value in
                value.map { Agreement.Rating(unit: unit, rater: rater, value: $0) }
            }
        }
    }

    @Test(arguments: [
        (Agreement.Metric.nominal, 0.743), (.ordinal, 0.815), (.interval, 0.849),
    ])
    func krippendorffsOwnExample(metric: Agreement.Metric, published: Double) throws {
        let alpha = try #require(Agreement.krippendorffAlpha(Self.krippendorffRatings, metric: metric))
        #expect(abs(alpha - published) < 0.0005, "\(metric): \(alpha)")
    }

    @Test func krippendorffEdgeCases() {
        // Perfect agreement with variation: 1.
        let perfect = (0..<6).flatMap { unit in
            (0..<3).map { Agreement.Rating(unit: unit, rater: $0, value: unit % 3) }
        }
        #expect(Agreement.krippendorffAlpha(perfect, metric: .nominal) == 1)
        // No variation at all: undefined, not a division by zero.
        let constant = (0..<4).flatMap { unit in (0..<2).map { Agreement.Rating(unit: unit, rater: $0, value: 2) } }
        #expect(Agreement.krippendorffAlpha(constant, metric: .nominal) == nil)
        // Only single ratings per unit: nothing to pair.
        #expect(Agreement.krippendorffAlpha([.init(unit: 0, rater: 0, value: 1)], metric: .interval) == nil)
        #expect(Agreement.krippendorffAlpha([], metric: .ordinal) == nil)
    }

    /// The worked example of Fleiss' kappa on Wikipedia: 10 subjects, 14 raters, 5 categories.
    static let fleissExample: [[Int]] = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]

    @Test func fleissWikipediaExample() throws {
        let kappa = try Agreement.fleissKappa(counts: Self.fleissExample).get()
        #expect(abs(kappa - 0.210) < 0.0005, "\(kappa)")
    }

    @Test func fleissNeedsTheSameNumberOfRatersEverywhere() {
        #expect(
            Agreement.fleissKappa(counts: [[2, 1], [1, 1]]) == .failure(.unequalRaterCounts(minimum: 2, maximum: 3)))
        #expect(Agreement.fleissKappa(counts: []) == .failure(.tooFewRatings))
        #expect(Agreement.fleissKappa(counts: [[3, 0], [3, 0]]) == .failure(.noVariation))
        // The same table given as ratings.
        var ratings: [Agreement.Rating] = []
        for (unit, row) in Self.fleissExample.enumerated() {
            var rater = 0
            for (category, count) in row.enumerated() {
                for _ in 0..<count {
                    ratings.append(.init(unit: unit, rater: rater, value: category))
                    rater += 1
                }
            }
        }
        #expect((try? Agreement.fleissKappa(ratings, categories: 5).get()).map { abs($0 - 0.210) < 0.0005 } == true)
    }

    @Test func cohensKappa() throws {
        // A textbook table: 50 items, raters agree on 20 "yes" and 15 "no"; 5 and 10 disagreements.
        var first: [Int: Int] = [:]
        var second: [Int: Int] = [:]
        var unit = 0
        for (a, b, count) in [(0, 0, 20), (0, 1, 5), (1, 0, 10), (1, 1, 15)] {
            for _ in 0..<count {
                first[unit] = a
                second[unit] = b
                unit += 1
            }
        }
        let result = Agreement.cohenKappa(first, second)
        // p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
        #expect(result.shared == 50)
        #expect(abs(try #require(result.kappa) - 0.4) < 1e-12)
        #expect(Agreement.cohenKappa([1: 0], [2: 0]).kappa == nil)
    }
}
