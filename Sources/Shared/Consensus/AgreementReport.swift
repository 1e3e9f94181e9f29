/// Live verdicts in compact form: claims, articles and reviewers as indices, labels as indices into the
/// scale. What the consensus and agreement reports read; a million verdicts fit in a few tens of megabytes.
public struct VerdictTable: Sendable {
    public private(set) var claims: [String] = []
    /// Per claim, the index of its article in `articles`.
    public private(set) var claimArticle: [Int] = []
    public private(set) var articles: [String] = []
    public private(set) var reviewers: [String] = []
    /// `unit` = claim index, `rater` = reviewer index, `value` = label index in the scale.
    public private(set) var ratings: [Agreement.Rating] = []
    public let scale: VerdictScale

    private var claimIndex: [String: Int] = [:]
    private var articleIndex: [String: Int] = [:]
    private var reviewerIndex: [String: Int] = [:]
    private let labelIndex: [String: Int]

    public init(scale: VerdictScale) {
        self.scale = scale
        labelIndex = Dictionary(uniqueKeysWithValues: scale.labels.enumerated().map { ($1.id, $0) })
    }

    /// Adds one live verdict; a label no longer on the scale is left out (returns false).
    @discardableResult
    public mutating func add(claim: String, article: String, reviewer: String, label: String) -> Bool {
        guard let value = labelIndex[label] else { return false }
        let unit = Self.index(of: claim, in: &claimIndex, list: &claims)
        if unit == claimArticle.count {
            claimArticle.append(Self.index(of: article, in: &articleIndex, list: &articles))
        }
        let rater = Self.index(of: reviewer, in: &reviewerIndex, list: &reviewers)
        ratings.append(Agreement.Rating(unit: unit, rater: rater, value: value))
        return true
    }

    private static func index(of key: String, in map: inout [String: Int], list: inout [String]) -> Int {
        if let known = map[key] { return known }
        map[key] = list.count
        list.append(key)
        return list.count - 1
    }

    /// The claim's index, if it has verdicts here.
    public func index(ofClaim id: String) -> Int? { claimIndex[id] }
}

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

    /// Computes the report. `dawidSkene` may be passed in when already fitted.
    public static func make(
        _ table: VerdictTable, method: ConsensusMethod, minimumShared: Int = 5,
        dawidSkene: Consensus.DawidSkeneResult? = nil
    ) -> AgreementReport {
        let labels = table.scale.labels.count
        let fitted = dawidSkene ?? Consensus.dawidSkene(table.ratings, labels: labels)
        let consensus = method == .majority ? Consensus.majority(table.ratings, labels: labels) : fitted.outcomes

        func alpha(_ ratings: [Agreement.Rating]) -> Alpha { Self.alpha(ratings, scale: table.scale) }

        var fleiss: Fleiss
        switch Agreement.fleissKappa(table.ratings, categories: labels) {
        case .success(let kappa): fleiss = Fleiss(kappa: kappa, note: nil)
        case .failure(.unequalRaterCounts(let minimum, let maximum)):
            fleiss = Fleiss(
                kappa: nil,
                note: "claims have between \(minimum) and \(maximum) verdicts; Fleiss' kappa needs the same number "
                    + "on every claim (Krippendorff's alpha does not)")
        case .failure(.tooFewRatings): fleiss = Fleiss(kappa: nil, note: "fewer than two verdicts per claim")
        case .failure(.noVariation): fleiss = Fleiss(kappa: nil, note: "every verdict has the same label")
        }

        // Per reviewer: their labels by claim.
        var byReviewer = [[Int: Int]](repeating: [:], count: table.reviewers.count)
        for rating in table.ratings { byReviewer[rating.rater][rating.unit] = rating.value }
        var reviewers: [Reviewer] = []
        for (index, name) in table.reviewers.enumerated() {
            var compared = 0
            var matching = 0
            for (claim, label) in byReviewer[index] {
                guard let agreed = consensus[claim]?.label else { continue }
                compared += 1
                if agreed == label { matching += 1 }
            }
            reviewers.append(
                Reviewer(
                    name: name, verdicts: byReviewer[index].count,
                    agreementWithConsensus: compared == 0 ? nil : Double(matching) / Double(compared),
                    dawidSkeneAccuracy: fitted.accuracy[index]))
        }
        reviewers.sort { $0.name < $1.name }

        // Pairs: one contingency table per pair of reviewers, filled claim by claim.
        var raters = [[(rater: Int, label: Int)]](repeating: [], count: table.claims.count)
        for rating in table.ratings { raters[rating.unit].append((rating.rater, rating.value)) }
        var tables: [Int: [Int]] = [:]
        let width = table.reviewers.count
        for list in raters {
            let sorted = list.sorted { $0.rater < $1.rater }
            for i in 0..<sorted.count {
                for j in (i + 1)..<sorted.count where sorted[j].rater != sorted[i].rater {
                    let key = sorted[i].rater * width + sorted[j].rater
                    tables[key, default: [Int](repeating: 0, count: labels * labels)][
                        sorted[i].label * labels + sorted[j].label] += 1
                }
            }
        }
        var pairs: [Pair] = []
        for (key, counts) in tables {
            let total = counts.reduce(0, +)
            guard total >= minimumShared else { continue }
            pairs.append(
                Pair(
                    first: table.reviewers[key / width], second: table.reviewers[key % width],
                    kappa: Agreement.cohenKappa(table: counts, categories: labels), shared: total))
        }
        pairs = pairs.map {
            $0.first <= $0.second ? $0 : Pair(first: $0.second, second: $0.first, kappa: $0.kappa, shared: $0.shared)
        }
        pairs.sort { ($0.first, $0.second) < ($1.first, $1.second) }

        var perArticle = [[Agreement.Rating]](repeating: [], count: table.articles.count)
        for rating in table.ratings { perArticle[table.claimArticle[rating.unit]].append(rating) }
        let articles = table.articles.enumerated().map { index, id in
            Article(
                article: id, claims: Set(perArticle[index].map(\.unit)).count, verdicts: perArticle[index].count,
                alpha: alpha(perArticle[index]))
        }.sorted { $0.article < $1.article }

        return AgreementReport(
            method: method.rawValue, claims: table.claims.count, verdicts: table.ratings.count,
            reviewerCount: table.reviewers.count, alpha: alpha(table.ratings), fleiss: fleiss, pairs: pairs,
            reviewers: reviewers, articles: articles)
    }
}

extension AgreementReport {
    /// Krippendorff's alpha of some ratings: nominal over all labels; ordinal and interval over the ordinal
    /// labels only, by rank (best first).
    public static func alpha(_ ratings: [Agreement.Rating], scale: VerdictScale) -> Alpha {
        let rank = Dictionary(
            uniqueKeysWithValues: scale.labels.enumerated().filter { $0.element.ordinal }.enumerated().map {
                ($1.offset, $0)
            })
        let ranked = ratings.compactMap { rating in
            rank[rating.value].map { Agreement.Rating(unit: rating.unit, rater: rating.rater, value: $0) }
        }
        return Alpha(
            nominal: Agreement.krippendorffAlpha(ratings, metric: .nominal),
            ordinal: Agreement.krippendorffAlpha(ranked, metric: .ordinal),
            interval: Agreement.krippendorffAlpha(ranked, metric: .interval))
    }

    /// Alpha per article of the table, by article id.
    public static func articleAlphas(_ table: VerdictTable) -> [String: Alpha] {
        var perArticle = [[Agreement.Rating]](repeating: [], count: table.articles.count)
        for rating in table.ratings { perArticle[table.claimArticle[rating.unit]].append(rating) }
        var result: [String: Alpha] = [:]
        for (index, id) in table.articles.enumerated() { result[id] = alpha(perArticle[index], scale: table.scale) }
        return result
    }
}

/// How a claim's consensus is reached.
public enum ConsensusMethod: String, Codable, Sendable, CaseIterable {
    case majority
    case dawidSkene = "dawid-skene"
}
