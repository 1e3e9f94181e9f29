import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

/// The verdict spool and the streamed consensus and agreement math that reads it, against the array forms.
@Suite struct VoteSpoolTests {
    typealias Rating = Agreement.Rating

    /// A random desk in the spool's order: articles of a few claims each, reviewers by name within a claim.
    struct Desk {
        var ratings: [Rating] = []
        /// Per claim index, its article index.
        var article: [Int] = []

        init(claims: Int, reviewers: Int, labels: Int, seed: UInt64) {
            var rng = SplitMix64(state: seed)
            var articleIndex = 0
            for claim in 0..<claims {
                if claim > 0, Int.random(in: 0..<4, using: &rng) == 0 { articleIndex += 1 }
                article.append(articleIndex)
                let count = Int.random(in: 1...8, using: &rng)
                let truth = Int.random(in: 0..<labels, using: &rng)
                for rater in Array(0..<reviewers).shuffled(using: &rng).prefix(count).sorted() {
                    let value =
                        Int.random(in: 0..<10, using: &rng) < 7 ? truth : Int.random(in: 0..<labels, using: &rng)
                    ratings.append(Rating(unit: claim, rater: rater, value: value))
                }
            }
        }

        static func name(_ rater: Int) -> String { String(format: "reviewer-%03d", rater) }

        func spool(_ scale: VerdictScale, directory: String? = nil) throws -> VoteSpool {
            let spool = try VoteSpool(scale: scale, directory: directory)
            for rating in ratings {
                try spool.add(
                    claim: "claim-\(rating.unit)", article: "article-\(article[rating.unit])",
                    reviewer: Self.name(rating.rater), label: scale.labels[rating.value].id)
            }
            return spool
        }
    }

    @Test func everyPassReadsTheSameClaimsAndTheFileIsNeverVisible() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let desk = Desk(claims: 5_000, reviewers: 40, labels: 6, seed: 11)
        let spool = try desk.spool(.standard, directory: folder.path)
        // A label that left the scale is not a vote; a claim with no other votes is no claim.
        try spool.add(claim: "claim-last", article: "article-last", reviewer: "someone", label: "retired-label")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "unlinked at once")
        #expect(try spool.claimCount == 5_000 && spool.voteCount == desk.ratings.count)
        #expect(spool.articles.count == (desk.article.last ?? 0) + 1)
        #expect(spool.reviewers.count == Set(desk.ratings.map(\.rater)).count)

        var expected: [[Vote]] = Array(repeating: [], count: 5_000)
        for rating in desk.ratings {
            let rater = spool.reviewerIndices[Desk.name(rating.rater)]!
            expected[rating.unit].append(Vote(rater: rater, label: Int32(rating.value)))
        }
        for _ in 0..<2 {
            var claim = 0
            try spool.forEachClaim { article, votes in
                #expect(article == desk.article[claim])
                #expect(Array(votes) == expected[claim])
                claim += 1
            }
            #expect(claim == 5_000)
        }
    }

    @Test func aFolderThatCannotHoldTheSpoolIsAClearError() throws {
        #expect {
            _ = try VoteSpool(scale: .standard, directory: "/nonexistent-verdict-folder")
        } throws: { error in
            "\(error)".contains("cannot create a temporary file in /nonexistent-verdict-folder")
        }
    }

    @Test(arguments: [3, 4] as [UInt64])
    func streamedDawidSkeneIsTheArrayForm(seed: UInt64) throws {
        let desk = Desk(claims: 3_000, reviewers: 30, labels: 6, seed: seed)
        let spool = try desk.spool(.standard)
        let streamed = try DawidSkeneModel.fit(spool, labels: 6)
        let array = try Consensus.dawidSkene(desk.ratings, labels: 6)
        #expect(streamed.converged && streamed.iterations == array.iterations && streamed.iterations > 2)
        #expect(streamed.priors == array.priors, "the same sums in the same order")
        for rater in Set(desk.ratings.map(\.rater)) {
            let index = Int(spool.reviewerIndices[Desk.name(rater)]!)
            #expect(streamed.accuracy(ofRater: index) == array.accuracy[rater])
            #expect(streamed.confusionMatrix(ofRater: index) == array.confusion[rater])
        }
        // An export's per-claim outcome, from the model and the claim's own votes, is the array form's.
        var claim = 0
        try spool.forEachClaim { _, votes in
            #expect(streamed.outcome(votes) == array.outcomes[claim])
            claim += 1
        }
        #expect(claim == 3_000, "every claim's outcome was compared")
    }

    /// The streamed report against the array formulas: alpha per article and for the desk, Fleiss, Cohen per
    /// pair (an independent implementation over dictionaries), agreement with the majority.
    @Test(arguments: [5, 6] as [UInt64])
    func theStreamedReportIsTheArrayFormulas(seed: UInt64) throws {
        let desk = Desk(claims: 600, reviewers: 12, labels: 6, seed: seed)
        let scale = VerdictScale.standard
        let report = try AgreementReport.make(desk.spool(scale), method: .majority, minimumShared: 1)
        let ordinalRank = AlphaTally.ranks(scale)

        func alpha(_ ratings: [Rating]) -> AgreementReport.Alpha {
            let ranked = ratings.compactMap { rating in
                ordinalRank[rating.value].map { Rating(unit: rating.unit, rater: rating.rater, value: $0) }
            }
            return AgreementReport.Alpha(
                nominal: Agreement.krippendorffAlpha(ratings, metric: .nominal),
                ordinal: Agreement.krippendorffAlpha(ranked, metric: .ordinal),
                interval: Agreement.krippendorffAlpha(ranked, metric: .interval))
        }
        func close(_ a: AgreementReport.Alpha, _ b: AgreementReport.Alpha) -> Bool {
            func same(_ x: Double?, _ y: Double?) -> Bool {
                switch (x, y) {
                case (nil, nil): return true
                case let (x?, y?): return abs(x - y) < 1e-9
                default: return false
                }
            }
            return same(a.nominal, b.nominal) && same(a.ordinal, b.ordinal) && same(a.interval, b.interval)
        }

        #expect(report.claims == 600 && report.verdicts == desk.ratings.count)
        #expect(close(report.alpha, alpha(desk.ratings)))
        let byArticle = Dictionary(grouping: desk.ratings) { desk.article[$0.unit] }
        #expect(report.articles.count == byArticle.count)
        for entry in report.articles {
            let index = Int(entry.article.dropFirst("article-".count))!
            #expect(close(entry.alpha, alpha(byArticle[index]!)), "article \(index)")
            #expect(entry.verdicts == byArticle[index]!.count)
        }

        let counts = Dictionary(grouping: desk.ratings, by: \.unit).mapValues(\.count)
        let minimum = counts.values.min()!
        let maximum = counts.values.max()!
        #expect(report.fleiss.note?.contains("between \(minimum) and \(maximum)") == true)

        var byRater: [Int: [Int: Int]] = [:]
        for rating in desk.ratings { byRater[rating.rater, default: [:]][rating.unit] = rating.value }
        for pair in report.pairs {
            let first = Int(pair.first.dropFirst("reviewer-".count))!
            let second = Int(pair.second.dropFirst("reviewer-".count))!
            let expected = Agreement.cohenKappa(byRater[first]!, byRater[second]!)
            #expect(pair.shared == expected.shared)
            #expect(abs((pair.kappa ?? .nan) - (expected.kappa ?? .nan)) < 1e-9 || pair.kappa == expected.kappa)
        }
        let sharing = byRater.keys.sorted().flatMap { a in
            byRater.keys.filter { $0 > a }.filter { b in byRater[a]!.keys.contains { byRater[b]![$0] != nil } }
        }
        #expect(report.pairs.count == sharing.count)

        let majority = Consensus.majority(desk.ratings, labels: 6)
        #expect(report.reviewers.count == byRater.count, "every reviewer is in the report")
        for reviewer in report.reviewers {
            let rater = Int(reviewer.name.dropFirst("reviewer-".count))!
            let compared = byRater[rater]!.filter { majority[$0.key]?.label != nil }
            let matching = compared.filter { majority[$0.key]?.label == $0.value }
            #expect(reviewer.verdicts == byRater[rater]!.count)
            #expect(reviewer.agreementWithConsensus == Double(matching.count) / Double(compared.count))
        }
    }

    @Test func fleissOverEqualCountsIsTheArrayForm() throws {
        // Every claim rated by the same three reviewers.
        var ratings: [Rating] = []
        var rng = SplitMix64(state: 9)
        for claim in 0..<200 {
            for rater in 0..<3 {
                ratings.append(Rating(unit: claim, rater: rater, value: Int.random(in: 0..<3, using: &rng)))
            }
        }
        let spool = try VoteSpool(scale: .standard)
        for rating in ratings {
            try spool.add(
                claim: "c\(rating.unit)", article: "a", reviewer: "r\(rating.rater)",
                label: VerdictScale.standard.labels[rating.value].id)
        }
        let report = try AgreementReport.make(spool, method: .dawidSkene)
        let expected = try Agreement.fleissKappa(ratings, categories: 6).get()
        #expect(abs(try #require(report.fleiss.kappa) - expected) < 1e-12)
    }
}
