import VerdictShared

/// A claim as the user sees it here: the server's, or one marked locally and not yet pushed.
public struct LocalClaim: Encodable, Sendable, Equatable {
    public let id: String
    public let articleId: String
    public let revision: Int
    public let quote: String
    public let prefix: String
    public let suffix: String
    public let start: Int
    public let end: Int
    public let status: String
    /// `exact`, `moved` or `orphaned` (see `ClaimAnchoring`); a claim marked here is `exact` until pushed.
    public let anchoring: String
    /// When the server last changed it (re-anchoring included); nil for a claim marked here.
    public let updatedAt: String?
    /// Marked here, not yet on the server.
    public let pending: Bool
    /// The claim this one is an appearance of (linked by an editor); nil for a claim of its own.
    public var linkedTo: String? = nil

    /// Whether it marks a span of the article revision `revision` (not orphaned, not on an older text).
    public func isAnchored(in revision: Int) -> Bool {
        self.revision == revision && anchoring != ClaimAnchoring.orphaned.rawValue
    }
}
