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

    /// A field quoted when it holds a comma, a quote, a line break or surrounding spaces; quotes doubled. Looked
    /// at byte by byte, not by characters: a comma or quote that a combining mark follows, or a CRLF (one
    /// character), still needs quoting, and scanning bytes is many times faster on an export's millions of fields.
    public static func csvField(_ value: String) -> String {
        let bytes = value.utf8
        let needsQuotes =
            bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
            || bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return value }
        var quoted = "\""
        quoted.reserveCapacity(bytes.count + 8)
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        quoted += "\""
        return quoted
    }

    /// `value` with four decimals, exactly as `String(format: "%.4f")` writes it (which rounds the double's exact
    /// value half to even), but without Foundation's formatter, which costs about a microsecond a call.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return fourDecimals(value) ?? String(format: "%.4f", value)
    }

    /// Four decimals from the shortest decimal that reads back as `value` (Swift's `description`). Rounding that
    /// decimal gives what rounding the exact binary value gives, except when its fifth decimal is a final 5 (the
    /// exact value may lie on either side of it): nil then, and for magnitudes where `description` uses an
    /// exponent or an ulp nears 0.00005.
    static func fourDecimals(_ value: Double) -> String? {
        let magnitude = value.magnitude
        guard magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e9) else { return nil }
        let text = Array(value.description.utf8)
        guard let dot = text.firstIndex(of: UInt8(ascii: ".")), !text.contains(UInt8(ascii: "e")) else { return nil }
        let negative = text.first == UInt8(ascii: "-")
        var digits = Array(text[(negative ? 1 : 0)..<dot])
        let integerCount = digits.count
        let fraction = text[(dot + 1)...]
        var roundUp = false
        if fraction.count > 4 {
            let fifth = fraction[fraction.startIndex + 4]
            let more = fraction.count > 5
            if fifth == UInt8(ascii: "5") && !more { return nil }
            roundUp = fifth > UInt8(ascii: "5") || (fifth == UInt8(ascii: "5") && more)
        }
        digits += fraction.prefix(4)
        while digits.count < integerCount + 4 { digits.append(UInt8(ascii: "0")) }
        var integerDigits = integerCount
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == UInt8(ascii: "9") {
                    digits[index] = UInt8(ascii: "0")
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 {
                digits.insert(UInt8(ascii: "1"), at: 0)
                integerDigits += 1
            }
        }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        out += digits[..<integerDigits]
        out.append(UInt8(ascii: "."))
        out += digits[integerDigits...]
        return String(decoding: out, as: UTF8.self)
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
