/// A source a reviewer cites for a verdict.
public struct Evidence: Codable, Sendable, Equatable, Hashable {
    /// An absolute `http` or `https` URL.
    public var url: String
    public var note: String?

    public init(url: String, note: String? = nil) {
        self.url = url
        self.note = note
    }
}

/// One reviewer's rating of one claim. A reviewer has at most one live (not deleted) verdict per claim;
/// deleting leaves a tombstone (`deleted == true`) so that every replica learns of the delete.
public struct Verdict: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var version: Int
    public var claimId: String
    /// Name of the reviewer who owns the verdict.
    public var reviewer: String
    /// A label id from the desk's ``VerdictScale``.
    public var label: String
    /// How sure the reviewer is, from 0 to 1.
    public var confidence: Double
    public var rationale: String
    public var evidence: [Evidence]
    public var deleted: Bool
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: String, version: Int, claimId: String, reviewer: String, label: String, confidence: Double,
        rationale: String, evidence: [Evidence], deleted: Bool, createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.version = version
        self.claimId = claimId
        self.reviewer = reviewer
        self.label = label
        self.confidence = confidence
        self.rationale = rationale
        self.evidence = evidence
        self.deleted = deleted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
