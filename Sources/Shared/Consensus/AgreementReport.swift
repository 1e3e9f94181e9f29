/// The desk's agreement: Krippendorff's alpha for the desk and per article, Fleiss' kappa where it applies,
/// pairwise Cohen's kappa, and each reviewer's agreement with the consensus and Dawid-Skene accuracy.
public struct AgreementReport: Codable, Sendable, Equatable {
    public struct Alpha: Codable, Sendable, Equatable {
        public var nominal: Double?
        public var ordinal: Double?
        public var interval: Double?

        public init(nominal: Double? = nil, ordinal: Double? = nil, interval: Double? = nil) {
            self.nominal = nominal
            self.ordinal = ordinal
            self.interval = interval
        }
    }

    public struct Fleiss: Codable, Sendable, Equatable {
        public var kappa: Double?
        /// Why there is no kappa, when there is none.
        public var note: String?
    }

    public struct Pair: Codable, Sendable, Equatable {
        public var first: String
        public var second: String
        public var kappa: Double?
        /// Claims both rated.
        public var shared: Int
    }

    public struct Reviewer: Codable, Sendable, Equatable {
        public var name: String
        public var verdicts: Int
        /// Share of the reviewer's verdicts that match the consensus label (claims with one).
        public var agreementWithConsensus: Double?
        /// Dawid-Skene's estimate of how often the reviewer gives the true label.
        public var dawidSkeneAccuracy: Double?
    }

    public struct Article: Codable, Sendable, Equatable {
        public var article: String
        public var claims: Int
        public var verdicts: Int
        public var alpha: Alpha
    }

    /// `majority` or `dawid-skene`: which consensus reviewers are compared with.
    public var method: String
    public var claims: Int
    public var verdicts: Int
    public var reviewerCount: Int
    public var alpha: Alpha
    public var fleiss: Fleiss
    /// Reviewer pairs that rated at least `minimumShared` claims in common.
    public var pairs: [Pair]
    public var reviewers: [Reviewer]
    public var articles: [Article]

    /// Computes the report from the desk's verdicts: one pass per Dawid-Skene iteration and one more for
    /// everything else. Memory grows with reviewers (pairs of them) and articles, never with verdicts.
    public static func make(
        _ spool: VoteSpool, method: ConsensusMethod, minimumShared: Int = 5,
        options: Consensus.DawidSkeneOptions = Consensus.DawidSkeneOptions()
    ) throws -> AgreementReport {
        let scale = spool.scale
        let labels = scale.labels.count
        let model = try DawidSkeneModel.fit(spool, labels: labels, options: options)
        let ranks = AlphaTally.ranks(scale)
        let width = spool.raterCount

        var verdicts = [Int](repeating: 0, count: width)
        var compared = [Int](repeating: 0, count: width)
        var matching = [Int](repeating: 0, count: width)
        var fleiss = Agreement.FleissTally(categories: labels)
        // Pairs: one contingency table per pair of reviewers that share a claim, in one flat array.
        var pairOffsets: [Int: Int] = [:]
        var pairCounts: [Int32] = []
        var desk = AlphaTally(labels: labels, ranks: ranks)
        var article = AlphaTally(labels: labels, ranks: ranks)
        var articleIndex = -1
        var articles: [Article] = []
        var counts = [Int](repeating: 0, count: labels)
        var posterior = [Double](repeating: 0, count: labels)
        var claims = 0
        var total = 0

        func finishArticle() {
            guard articleIndex >= 0 else { return }
            articles.append(
                Article(
                    article: spool.articles[articleIndex], claims: article.claims, verdicts: article.verdicts,
                    alpha: article.alpha))
            desk.add(article)
            article = AlphaTally(labels: labels, ranks: ranks)
        }

        try spool.forEachClaim { index, votes in
            if index != articleIndex {
                finishArticle()
                articleIndex = index
            }
            claims += 1
            total += votes.count
            article.add(votes)
            for c in 0..<labels { counts[c] = 0 }
            for vote in votes { counts[Int(vote.label)] += 1 }
            fleiss.add(unit: counts)
            let consensus: Int?
            switch method {
            case .majority:
                consensus = Consensus.majorityOutcome(votes, labels: labels)?.label
            case .dawidSkene:
                model.posterior(votes, into: &posterior)
                consensus = model.outcome(posterior: posterior, votes: votes).label
            }
            for vote in votes {
                let rater = Int(vote.rater)
                verdicts[rater] += 1
                guard let consensus else { continue }
                compared[rater] += 1
                if Int(vote.label) == consensus { matching[rater] += 1 }
            }
            for i in votes.indices {
                for j in votes.indices where j > i && votes[j].rater != votes[i].rater {
                    let (first, second) = votes[i].rater < votes[j].rater ? (votes[i], votes[j]) : (votes[j], votes[i])
                    let key = Int(first.rater) * width + Int(second.rater)
                    let offset: Int
                    if let known = pairOffsets[key] {
                        offset = known
                    } else {
                        offset = pairCounts.count
                        pairOffsets[key] = offset
                        pairCounts.append(contentsOf: repeatElement(0, count: labels * labels))
                    }
                    pairCounts[offset + Int(first.label) * labels + Int(second.label)] += 1
                }
            }
        }
        finishArticle()

        var reviewers: [Reviewer] = []
        for (index, name) in spool.reviewers.enumerated() {
            reviewers.append(
                Reviewer(
                    name: name, verdicts: verdicts[index],
                    agreementWithConsensus: compared[index] == 0
                        ? nil : Double(matching[index]) / Double(compared[index]),
                    dawidSkeneAccuracy: model.accuracy(ofRater: index)))
        }
        reviewers.sort { $0.name < $1.name }

        var pairs: [Pair] = []
        for (key, offset) in pairOffsets {
            let table = pairCounts[offset..<(offset + labels * labels)].map(Int.init)
            let shared = table.reduce(0, +)
            guard shared >= minimumShared else { continue }
            let (first, second) = (spool.reviewers[key / width], spool.reviewers[key % width])
            let kappa = Agreement.cohenKappa(table: table, categories: labels)
            pairs.append(
                first <= second
                    ? Pair(first: first, second: second, kappa: kappa, shared: shared)
                    : Pair(first: second, second: first, kappa: kappa, shared: shared))
        }
        pairs.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        articles.sort { $0.article < $1.article }

        let fleissResult: Fleiss
        switch fleiss.kappa {
        case .success(let kappa): fleissResult = Fleiss(kappa: kappa, note: nil)
        case .failure(.unequalRaterCounts(let minimum, let maximum)):
            fleissResult = Fleiss(
                kappa: nil,
                note: "claims have between \(minimum) and \(maximum) verdicts; Fleiss' kappa needs the same number "
                    + "on every claim (Krippendorff's alpha does not)")
        case .failure(.tooFewRatings): fleissResult = Fleiss(kappa: nil, note: "fewer than two verdicts per claim")
        case .failure(.noVariation): fleissResult = Fleiss(kappa: nil, note: "every verdict has the same label")
        }

        return AgreementReport(
            method: method.rawValue, claims: claims, verdicts: total, reviewerCount: spool.raterCount,
            alpha: desk.alpha, fleiss: fleissResult, pairs: pairs, reviewers: reviewers, articles: articles)
    }
}

/// Krippendorff's alpha for a group of claims (an article, the desk), filled claim by claim: nominal over
/// all labels; ordinal and interval over the ordinal labels only, by rank (best first).
public struct AlphaTally: Sendable {
    private var nominal: Agreement.Coincidences
    private var ranked: Agreement.Coincidences
    /// Per label index, its rank among the ordinal labels (nil for the others).
    private let ranks: [Int?]
    public private(set) var claims = 0
    public private(set) var verdicts = 0

    public init(labels: Int, ranks: [Int?]) {
        self.ranks = ranks
        nominal = Agreement.Coincidences(size: labels)
        ranked = Agreement.Coincidences(size: ranks.compactMap { $0 }.count)
    }

    public init(scale: VerdictScale) { self.init(labels: scale.labels.count, ranks: Self.ranks(scale)) }

    /// Per label index of the scale, its rank among the ordinal labels.
    public static func ranks(_ scale: VerdictScale) -> [Int?] {
        var next = 0
        return scale.labels.map { label in
            guard label.ordinal else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Adds one claim's votes.
    public mutating func add(_ votes: ArraySlice<Vote>) {
        guard !votes.isEmpty else { return }
        claims += 1
        verdicts += votes.count
        nominal.add(unit: votes.map { Int($0.label) })
        ranked.add(unit: votes.compactMap { ranks[Int($0.label)] })
    }

    /// Adds another group's claims.
    public mutating func add(_ other: AlphaTally) {
        claims += other.claims
        verdicts += other.verdicts
        nominal.add(other.nominal)
        ranked.add(other.ranked)
    }

    public var alpha: AgreementReport.Alpha {
        AgreementReport.Alpha(
            nominal: nominal.alpha(.nominal), ordinal: ranked.alpha(.ordinal), interval: ranked.alpha(.interval))
    }
}

/// How a claim's consensus is reached.
public enum ConsensusMethod: String, Codable, Sendable, CaseIterable {
    case majority
    case dawidSkene = "dawid-skene"
}
