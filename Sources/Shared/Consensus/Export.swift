import Foundation

/// One claim as an export carries it: where it is, every live verdict, and what the desk makes of them.
public struct ExportItem: Codable, Sendable, Equatable {
    public struct ClaimPart: Codable, Sendable, Equatable {
        public var id: String
        public var revision: Int
        public var quote: String
        public var prefix: String
        public var suffix: String
        public var start: Int
        public var end: Int
    }

    public struct ArticlePart: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var source: String
        public var url: String?
        public var published: String?

        public init(id: String, title: String, source: String, url: String?, published: String?) {
            self.id = id
            self.title = title
            self.source = source
            self.url = url
            self.published = published
        }
    }

    public struct VerdictPart: Codable, Sendable, Equatable {
        public var reviewer: String
        public var label: String
        public var confidence: Double
        public var rationale: String
        public var evidence: [Evidence]
        public var updatedAt: String
    }

    public struct ConsensusPart: Codable, Sendable, Equatable {
        public var method: String
        /// Nil when the top labels tie.
        public var label: String?
        public var probability: Double
    }

    public var claim: ClaimPart
    public var article: ArticlePart
    public var verdicts: [VerdictPart]
    /// Verdicts per label id (labels with none left out).
    public var distribution: [String: Int]
    public var consensus: ConsensusPart
    public var status: Consensus.Status
    /// Krippendorff's alpha over the article's verdicts.
    public var articleAlpha: AgreementReport.Alpha

    /// Builds the item for one claim from its records and the desk's consensus.
    public static func make(
        claim: Claim, article: ArticlePart, verdicts: [Verdict], outcome: Consensus.Outcome?, method: ConsensusMethod,
        policy: Consensus.Policy, scale: VerdictScale, articleAlpha: AgreementReport.Alpha?
    ) -> ExportItem {
        var distribution: [String: Int] = [:]
        for verdict in verdicts { distribution[verdict.label, default: 0] += 1 }
        let none = Consensus.Outcome(label: nil, probability: 0, distribution: [])
        let outcome = outcome ?? none
        return ExportItem(
            claim: ClaimPart(
                id: claim.id, revision: claim.revision, quote: claim.quote, prefix: claim.prefix, suffix: claim.suffix,
                start: claim.start, end: claim.end),
            article: article,
            verdicts: verdicts.sorted { $0.reviewer < $1.reviewer }.map {
                VerdictPart(
                    reviewer: $0.reviewer, label: $0.label, confidence: $0.confidence, rationale: $0.rationale,
                    evidence: $0.evidence, updatedAt: $0.updatedAt)
            },
            distribution: distribution,
            consensus: ConsensusPart(
                method: method.rawValue, label: outcome.label.map { scale.labels[$0].id },
                probability: outcome.probability),
            status: verdicts.isEmpty ? .needsReview : policy.status(of: outcome),
            articleAlpha: articleAlpha ?? AgreementReport.Alpha())
    }
}

/// One active claim as an export reads it: the claim, its article and its live verdicts.
public struct ExportClaim: Sendable {
    public let claim: Claim
    public let article: ExportItem.ArticlePart
    public let verdicts: [Verdict]

    public init(claim: Claim, article: ExportItem.ArticlePart, verdicts: [Verdict]) {
        self.claim = claim
        self.article = article
        self.verdicts = verdicts
    }
}

/// How an export gives each claim its consensus while it streams: majority vote needs only the claim's
/// own verdicts; Dawid-Skene needs the desk's fitted model (reviewers x labels x labels numbers), fitted
/// beforehand from a ``VoteSpool`` of the same snapshot.
public struct ExportConsensus: Sendable {
    public let method: ConsensusMethod
    public let scale: VerdictScale
    private let model: DawidSkeneModel?
    private let reviewerIndex: [String: Int32]
    private let labelIndex: [String: Int32]

    private init(method: ConsensusMethod, scale: VerdictScale, model: DawidSkeneModel?, reviewers: [String: Int32]) {
        self.method = method
        self.scale = scale
        self.model = model
        reviewerIndex = reviewers
        labelIndex = Dictionary(uniqueKeysWithValues: scale.labels.enumerated().map { ($1.id, Int32($0)) })
    }

    public static func majority(scale: VerdictScale) -> ExportConsensus {
        ExportConsensus(method: .majority, scale: scale, model: nil, reviewers: [:])
    }

    /// Fits Dawid-Skene to the spool's verdicts.
    public static func dawidSkene(
        _ spool: VoteSpool, options: Consensus.DawidSkeneOptions = Consensus.DawidSkeneOptions()
    ) throws -> ExportConsensus {
        let model = try DawidSkeneModel.fit(spool, labels: spool.scale.labels.count, options: options)
        return ExportConsensus(method: .dawidSkene, scale: spool.scale, model: model, reviewers: spool.reviewerIndices)
    }

    /// A claim's live verdicts as votes, in the order the spool read them (reviewers in byte order); labels
    /// no longer on the scale are left out.
    func votes(_ verdicts: [Verdict]) -> [Vote] {
        verdicts.sorted { $0.reviewer.utf8.lexicographicallyPrecedes($1.reviewer.utf8) }.compactMap { verdict in
            labelIndex[verdict.label].map { Vote(rater: reviewerIndex[verdict.reviewer] ?? -1, label: $0) }
        }
    }

    /// The export items of `claims`, which must hold whole articles (every active claim of each article in
    /// it, consecutively): an article's alpha is computed from them.
    public func items(_ claims: [ExportClaim], policy: Consensus.Policy) -> [ExportItem] {
        var items: [ExportItem] = []
        items.reserveCapacity(claims.count)
        let labels = scale.labels.count
        var start = 0
        while start < claims.count {
            var end = start + 1
            while end < claims.count, claims[end].article.id == claims[start].article.id { end += 1 }
            let votes = claims[start..<end].map { self.votes($0.verdicts) }
            var tally = AlphaTally(scale: scale)
            for claimVotes in votes { tally.add(claimVotes[...]) }
            let alpha = tally.alpha
            for (offset, entry) in claims[start..<end].enumerated() {
                let claimVotes = votes[offset][...]
                let outcome =
                    model.map { $0.outcome(claimVotes) } ?? Consensus.majorityOutcome(claimVotes, labels: labels)
                items.append(
                    ExportItem.make(
                        claim: entry.claim, article: entry.article, verdicts: entry.verdicts, outcome: outcome,
                        method: method, policy: policy, scale: scale, articleAlpha: alpha))
            }
            start = end
        }
        return items
    }
}

extension ExportItem {
    /// The item as JSON, written directly (the `Codable` form decodes it to the same value; `JSONEncoder` was
    /// measured at half of an export's time).
    public var jsonText: String {
        var writer = JSONObjectWriter(capacity: 512 + verdicts.count * 256)
        writer.object("claim") { fields in
            fields.string("id", claim.id)
            fields.int("revision", claim.revision)
            fields.string("quote", claim.quote)
            fields.string("prefix", claim.prefix)
            fields.string("suffix", claim.suffix)
            fields.int("start", claim.start)
            fields.int("end", claim.end)
        }
        writer.object("article") { fields in
            fields.string("id", article.id)
            fields.string("title", article.title)
            fields.string("source", article.source)
            fields.string("url", ifPresent: article.url)
            fields.string("published", ifPresent: article.published)
        }
        writer.objects("verdicts", verdicts) { fields, verdict in
            fields.string("reviewer", verdict.reviewer)
            fields.string("label", verdict.label)
            fields.double("confidence", verdict.confidence)
            fields.string("rationale", verdict.rationale)
            fields.objects("evidence", verdict.evidence) { fields, evidence in
                fields.string("url", evidence.url)
                fields.string("note", ifPresent: evidence.note)
            }
            fields.string("updatedAt", verdict.updatedAt)
        }
        writer.object("distribution") { counts in
            for label in distribution.keys.sorted() { counts.int(label, distribution[label]!) }
        }
        writer.object("consensus") { fields in
            fields.string("method", consensus.method)
            fields.string("label", ifPresent: consensus.label)
            fields.double("probability", consensus.probability)
        }
        writer.string("status", status.rawValue)
        writer.object("articleAlpha") { alpha in
            if let value = articleAlpha.nominal, value.isFinite { alpha.double("nominal", value) }
            if let value = articleAlpha.ordinal, value.isFinite { alpha.double("ordinal", value) }
            if let value = articleAlpha.interval, value.isFinite { alpha.double("interval", value) }
        }
        return writer.finish()
    }
}

/// The export formats.
public enum ExportFormat: String, Codable, Sendable, CaseIterable {
    case json, ndjson, csv, claimreview

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .ndjson: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .claimreview: "application/ld+json; charset=utf-8"
        }
    }

    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .ndjson: "ndjson"
        case .csv: "csv"
        case .claimreview: "jsonld"
        }
    }
}

/// Writes exports item by item, so that an export of any size streams without holding it all.
///
/// ClaimReview rating values: the scale's ordinal labels are numbered from worst (1) to best (their count);
/// `bestRating` is that count and `worstRating` 1. A claim whose consensus is a non-ordinal label (such as
/// `unverifiable`) gets `ratingValue` -1: not a position on the scale; `alternateName` gives its words.
public struct ExportEncoder: Sendable {
    public let format: ExportFormat
    public let scale: VerdictScale
    public let method: ConsensusMethod
    public let policy: Consensus.Policy
    public let deskName: String
    public let deskURL: String?
    /// ClaimReview: settled claims only unless this is set.
    public let includeUnsettled: Bool
    public let generatedAt: String

    public init(
        format: ExportFormat, scale: VerdictScale, method: ConsensusMethod, policy: Consensus.Policy, deskName: String,
        deskURL: String?, includeUnsettled: Bool, generatedAt: String
    ) {
        self.format = format
        self.scale = scale
        self.method = method
        self.policy = policy
        self.deskName = deskName
        self.deskURL = deskURL
        self.includeUnsettled = includeUnsettled
        self.generatedAt = generatedAt
    }

    static let columns = [
        "claim_id", "article_id", "article_title", "article_source", "article_url", "article_published", "quote",
        "start", "end", "verdicts", "distribution", "consensus_label", "consensus_probability", "method", "status",
        "article_alpha_nominal", "article_alpha_ordinal", "article_alpha_interval", "reviewer_labels",
    ]

    private var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// What comes before the first item.
    public func header() -> String {
        switch format {
        case .json:
            "{\"generatedAt\":\(JSONObjectWriter.quoted(generatedAt)),\"method\":\"\(method.rawValue)\","
                + "\"policy\":{\"minimumVerdicts\":\(policy.minimumVerdicts),\"threshold\":\(policy.threshold)},"
                + "\"claims\":["
        case .ndjson: ""
        case .csv: Self.columns.joined(separator: ",") + "\r\n"
        case .claimreview: "["
        }
    }

    /// One item's text (with a separator when it is not the first written), or nil when the format leaves it
    /// out (ClaimReview: claims not settled, unless `includeUnsettled`).
    public func encode(_ item: ExportItem, first: Bool) throws -> String? {
        switch format {
        case .json:
            return (first ? "" : ",") + item.jsonText
        case .ndjson:
            return item.jsonText + "\n"
        case .csv:
            return Self.csvRow(item) + "\r\n"
        case .claimreview:
            guard let review = claimReview(item) else { return nil }
            return (first ? "" : ",") + String(decoding: try encoder.encode(review), as: UTF8.self)
        }
    }

    public func footer() -> String {
        switch format {
        case .json: "]}\n"
        case .ndjson, .csv: ""
        case .claimreview: "]\n"
        }
    }

    // MARK: CSV (RFC 4180)

    /// A field quoted when it holds a comma, a quote, a line break or surrounding spaces; quotes doubled.
    public static func csvField(_ value: String) -> String {
        let needsQuotes =
            value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.4f", value)
    }

    static func csvRow(_ item: ExportItem) -> String {
        let distribution = item.distribution.keys.sorted().map { "\($0)=\(item.distribution[$0]!)" }
            .joined(separator: ";")
        let reviewers = item.verdicts.map { "\($0.reviewer)=\($0.label)" }.joined(separator: ";")
        let fields = [
            item.claim.id, item.article.id, item.article.title, item.article.source, item.article.url ?? "",
            item.article.published ?? "", item.claim.quote, String(item.claim.start), String(item.claim.end),
            String(item.verdicts.count), distribution, item.consensus.label ?? "", number(item.consensus.probability),
            item.consensus.method, item.status.rawValue, number(item.articleAlpha.nominal),
            number(item.articleAlpha.ordinal), number(item.articleAlpha.interval), reviewers,
        ]
        return fields.map(csvField).joined(separator: ",")
    }

    // MARK: ClaimReview (schema.org JSON-LD)

    public struct ClaimReview: Codable, Sendable, Equatable {
        public struct Organization: Codable, Sendable, Equatable {
            public var type = "Organization"
            public var name: String
            public var url: String?

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case name, url
            }
        }

        public struct Rating: Codable, Sendable, Equatable {
            public var type = "Rating"
            public var ratingValue: Int
            public var bestRating: Int
            public var worstRating: Int
            public var alternateName: String

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case ratingValue, bestRating, worstRating, alternateName
            }
        }

        public struct CreativeWork: Codable, Sendable, Equatable {
            public var type = "CreativeWork"
            public var url: String?
            public var headline: String
            public var author: Organization

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case url, headline, author
            }
        }

        public struct ClaimItem: Codable, Sendable, Equatable {
            public var type = "Claim"
            public var appearance: [CreativeWork]
            public var datePublished: String?
            public var author: Organization

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case appearance, datePublished, author
            }
        }

        public var context = "https://schema.org"
        public var type = "ClaimReview"
        public var url: String
        public var claimReviewed: String
        public var datePublished: String
        public var author: Organization
        public var reviewRating: Rating
        public var itemReviewed: ClaimItem

        enum CodingKeys: String, CodingKey {
            case context = "@context"
            case type = "@type"
            case url, claimReviewed, datePublished, author, reviewRating, itemReviewed
        }
    }

    /// The ClaimReview for an item, or nil when it has no consensus label or is left out as not settled.
    public func claimReview(_ item: ExportItem) -> ClaimReview? {
        guard includeUnsettled || item.status == .settled, let labelID = item.consensus.label,
            let label = scale.label(labelID)
        else { return nil }
        let ordinal = scale.ordinalLabels
        let value = ordinal.firstIndex(of: label).map { ordinal.count - $0 } ?? -1
        let url: String
        if let deskURL {
            url = (deskURL.hasSuffix("/") ? String(deskURL.dropLast()) : deskURL) + "/claims/" + item.claim.id
        } else {
            url = "urn:verdict:claim:" + item.claim.id
        }
        let reviewedOn =
            item.verdicts.map(\.updatedAt).max().map { String($0.prefix(10)) } ?? String(generatedAt.prefix(10))
        return ClaimReview(
            url: url,
            claimReviewed: item.claim.quote,
            datePublished: reviewedOn,
            author: ClaimReview.Organization(name: deskName, url: deskURL),
            reviewRating: ClaimReview.Rating(
                ratingValue: value, bestRating: ordinal.count, worstRating: 1, alternateName: label.name),
            itemReviewed: ClaimReview.ClaimItem(
                appearance: [
                    ClaimReview.CreativeWork(
                        url: item.article.url, headline: item.article.title,
                        author: ClaimReview.Organization(name: item.article.source, url: nil))
                ],
                datePublished: item.article.published.map { String($0.prefix(10)) },
                author: ClaimReview.Organization(name: item.article.source, url: nil)))
    }
}
