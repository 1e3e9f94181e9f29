import Foundation

/// One claim as an export carries it: where it is, every live verdict, and what the desk makes of them.
public struct ExportItem: Codable, Sendable, Equatable {
    public struct ClaimPart: Codable, Sendable, Equatable {
        public var id: String
        /// The article revision the claim is anchored to (for an orphaned claim, the last one that held it).
        public var revision: Int
        public var anchoring: ClaimAnchoring
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

    /// One place the claim appears: the claim itself, or a claim an editor linked to it (the same proposition
    /// in another article).
    public struct Appearance: Codable, Sendable, Equatable {
        public var claimId: String
        public var quote: String
        public var article: ArticlePart

        public init(claimId: String, quote: String, article: ArticlePart) {
            self.claimId = claimId
            self.quote = quote
            self.article = article
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
    /// The desk's published verdict, locked against later verdicts (its current version); nil until an editor
    /// publishes the claim.
    public var published: Publication?
    /// Every place the claim appears, itself included, earliest published first (articles without a date
    /// last, then by article id): the first is its first appearance. Verdicts on any of them count here.
    public var appearances: [Appearance]

    /// Builds the item for one claim from its records and the desk's consensus.
    public static func make(
        claim: Claim, article: ArticlePart, verdicts: [Verdict], outcome: Consensus.Outcome?, method: ConsensusMethod,
        policy: Consensus.Policy, scale: VerdictScale, articleAlpha: AgreementReport.Alpha?,
        publication: Publication? = nil, appearances: [(claim: Claim, article: ArticlePart)] = []
    ) -> ExportItem {
        let places = ([(claim, article)] + appearances).map {
            Appearance(claimId: $0.claim.id, quote: $0.claim.quote, article: $0.article)
        }.sorted {
            ($0.article.published ?? "~", $0.article.id, $0.claimId) < (
                $1.article.published ?? "~", $1.article.id, $1.claimId
            )
        }
        var distribution: [String: Int] = [:]
        for verdict in verdicts { distribution[verdict.label, default: 0] += 1 }
        let none = Consensus.Outcome(label: nil, probability: 0, distribution: [])
        let outcome = outcome ?? none
        return ExportItem(
            claim: ClaimPart(
                id: claim.id, revision: claim.revision, anchoring: claim.anchoring, quote: claim.quote,
                prefix: claim.prefix, suffix: claim.suffix, start: claim.start, end: claim.end),
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
            articleAlpha: articleAlpha ?? AgreementReport.Alpha(), published: publication, appearances: places)
    }
}
