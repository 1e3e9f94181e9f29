import VerdictShared

/// One version of a verdict on a claim, as far as the workspace has seen it, or a local edit on top.
public struct VerdictHistoryEntry: Encodable, Sendable {
    public let reviewer: String
    public let verdict: String
    public let version: Int
    public let label: String
    public let confidence: Double
    public let rationale: String
    public let evidence: [Evidence]
    public let deleted: Bool
    public let at: String
    /// A local edit not yet confirmed by the server: its state (`pending`, `conflict`, `rejected`).
    public let local: String?
}
