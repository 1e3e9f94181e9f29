import Foundation

/// Writes exports item by item, so that an export of any size streams without holding it all.
///
/// ClaimReview rating values: the scale's ordinal labels are numbered from worst (1) to best (their count);
/// `bestRating` is that count and `worstRating` 1. A claim whose consensus is a non-ordinal label (such as
/// `unverifiable`) has no position on the scale: its rating carries only `alternateName`, the label's words,
/// and no `ratingValue`, `bestRating` or `worstRating`.
public struct ExportEncoder: Sendable {
    public let format: ExportFormat
    public let scale: VerdictScale
    public let method: ConsensusMethod
    public let policy: Consensus.Policy
    /// Who publishes (ClaimReview `author`) and where each fact-check's page is (ClaimReview `url`).
    public let desk: DeskInfo
    public let generatedAt: String

    public init(
        format: ExportFormat, scale: VerdictScale, method: ConsensusMethod, policy: Consensus.Policy, desk: DeskInfo,
        generatedAt: String
    ) {
        self.format = format
        self.scale = scale
        self.method = method
        self.policy = policy
        self.desk = desk
        self.generatedAt = generatedAt
    }

    static let columns = [
        "claim_id", "article_id", "article_title", "article_source", "article_url", "article_published", "quote",
        "revision", "anchoring", "start", "end", "verdicts", "distribution", "consensus_label", "consensus_probability",
        "method", "status",
        "article_alpha_nominal", "article_alpha_ordinal", "article_alpha_interval", "reviewer_labels",
        "published_label", "published_version", "published_at", "published_by", "published_summary",
        "appearances", "first_appearance_url",
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
    /// out (ClaimReview: claims not published, or orphaned).
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
            item.article.published ?? "", item.claim.quote, String(item.claim.revision), item.claim.anchoring.rawValue,
            String(item.claim.start), String(item.claim.end),
            String(item.verdicts.count), distribution, item.consensus.label ?? "", number(item.consensus.probability),
            item.consensus.method, item.status.rawValue, number(item.articleAlpha.nominal),
            number(item.articleAlpha.ordinal), number(item.articleAlpha.interval), reviewers,
            item.published?.label ?? "", item.published.map { String($0.version) } ?? "",
            item.published?.updatedAt ?? "", item.published?.publishedBy ?? "", item.published?.summary ?? "",
            String(item.appearances.count), item.appearances.first?.article.url ?? "",
        ]
        return fields.map(csvField).joined(separator: ",")
    }
}
