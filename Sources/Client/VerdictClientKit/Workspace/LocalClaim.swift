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
    /// Marked here, not yet on the server.
    public let pending: Bool
}
