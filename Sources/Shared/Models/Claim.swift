/// Whether a claim is still under review.
public enum ClaimStatus: String, Codable, Sendable, CaseIterable {
    case active
    case withdrawn
}

/// A span of an article that reviewers rate, named both by quote and by position (W3C Web Annotation style).
///
/// `start` and `end` (exclusive) count Unicode scalars into the NFC body of article revision `revision`;
/// `prefix` and `suffix` are up to ``TextAnchor/contextLength`` scalars of text around the quote.
public struct Claim: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var version: Int
    public var articleId: String
    public var revision: Int
    public var quote: String
    public var prefix: String
    public var suffix: String
    public var start: Int
    public var end: Int
    public var status: ClaimStatus
    /// Name of the user who marked the claim.
    public var createdBy: String
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: String, version: Int, articleId: String, revision: Int, quote: String, prefix: String, suffix: String,
        start: Int, end: Int, status: ClaimStatus, createdBy: String, createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.version = version
        self.articleId = articleId
        self.revision = revision
        self.quote = quote
        self.prefix = prefix
        self.suffix = suffix
        self.start = start
        self.end = end
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
