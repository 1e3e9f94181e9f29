/// The desk's published verdict on a claim, set by an editor: what a ClaimReview carries.
///
/// One publication per claim. It is locked: reviewers' later verdicts do not change it. A correction is a new
/// version of the same record with a `correction` note; every version stays in the change feed, so the history
/// of publications is readable (`GET /v1/claims/{id}/history`).
public struct Publication: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var version: Int
    public var claimId: String
    /// A label id from the desk's scale.
    public var label: String
    /// The short public rationale (ClaimReview `reviewBody`).
    public var summary: String
    public var evidence: [Evidence]
    /// Who made the claim (ClaimReview `itemReviewed.author`), when the editor names them.
    public var claimAuthor: String?
    /// Why the editor published against the consensus or without the quorum; required then, kept always.
    public var reason: String?
    /// What this version corrects (every version after the first has one).
    public var correction: String?
    /// The desk's consensus on the claim when this version was published.
    public var consensus: PublishedConsensus
    /// The editor who published this version.
    public var publishedBy: String
    /// When the first version was published.
    public var createdAt: String
    /// When this version was published (ClaimReview `datePublished`).
    public var updatedAt: String

    public init(
        id: String, version: Int, claimId: String, label: String, summary: String, evidence: [Evidence],
        claimAuthor: String?, reason: String?, correction: String?, consensus: PublishedConsensus,
        publishedBy: String, createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.version = version
        self.claimId = claimId
        self.label = label
        self.summary = summary
        self.evidence = evidence
        self.claimAuthor = claimAuthor
        self.reason = reason
        self.correction = correction
        self.consensus = consensus
        self.publishedBy = publishedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A claim's majority-vote consensus over its live verdicts, as it stood when a publication was made.
public struct PublishedConsensus: Codable, Sendable, Equatable, Hashable {
    /// The label most verdicts gave, or nil without verdicts or on a tie.
    public var label: String?
    /// That label's share of the verdicts (0 without verdicts).
    public var probability: Double
    public var verdicts: Int

    public init(label: String?, probability: Double, verdicts: Int) {
        self.label = label
        self.probability = probability
        self.verdicts = verdicts
    }
}

extension PublishedConsensus {
    /// The majority vote over these verdict labels (labels not on the scale are not counted).
    public static func majority(of labels: [String], scale: VerdictScale) -> PublishedConsensus {
        let votes = labels.compactMap { label in
            scale.labels.firstIndex { $0.id == label }.map { Vote(rater: 0, label: Int32($0)) }
        }
        guard let outcome = Consensus.majorityOutcome(votes[...], labels: scale.labels.count) else {
            return PublishedConsensus(label: nil, probability: 0, verdicts: 0)
        }
        return PublishedConsensus(
            label: outcome.label.map { scale.labels[$0].id }, probability: outcome.probability, verdicts: outcome.count)
    }
}
