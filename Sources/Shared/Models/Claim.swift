/// Whether a claim is still under review.
public enum ClaimStatus: String, Codable, Sendable, CaseIterable {
    case active
    case withdrawn
}

/// A span of an article that reviewers rate, named both by quote and by position (W3C Web Annotation style).
///
/// `start` and `end` (exclusive) count Unicode scalars into the NFC body of article revision `revision`;
/// `prefix` and `suffix` are up to ``TextAnchor/contextLength`` scalars of text around the quote. When the
/// article's text is corrected the server re-anchors the claim onto the new revision (``Reanchor``);
/// `anchoring` says how that went, and an orphaned claim keeps pointing at the last revision that held its
/// quote.
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
    /// How the claim sits in its revision (`exact` for claims from before anchoring was recorded).
    public var anchoring: ClaimAnchoring
    /// Name of the user who marked the claim.
    public var createdBy: String
    public var createdAt: String
    public var updatedAt: String
    /// The claim this one is an appearance of: the same proposition in another place (often another outlet),
    /// linked by an editor. Verdicts on any appearance count toward that claim's one consensus. Nil for a claim
    /// of its own (which may have appearances linked to it).
    public var linkedTo: String?

    public init(
        id: String, version: Int, articleId: String, revision: Int, quote: String, prefix: String, suffix: String,
        start: Int, end: Int, status: ClaimStatus, anchoring: ClaimAnchoring = .exact, createdBy: String,
        createdAt: String, updatedAt: String, linkedTo: String? = nil
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
        self.anchoring = anchoring
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.linkedTo = linkedTo
    }
}

extension Claim {
    enum CodingKeys: String, CodingKey {
        case id, version, articleId, revision, quote, prefix, suffix, start, end, status, anchoring, createdBy
        case createdAt, updatedAt, linkedTo
    }

    /// Decodes a claim; one stored before anchoring was recorded is `exact`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(Int.self, forKey: .version)
        articleId = try container.decode(String.self, forKey: .articleId)
        revision = try container.decode(Int.self, forKey: .revision)
        quote = try container.decode(String.self, forKey: .quote)
        prefix = try container.decode(String.self, forKey: .prefix)
        suffix = try container.decode(String.self, forKey: .suffix)
        start = try container.decode(Int.self, forKey: .start)
        end = try container.decode(Int.self, forKey: .end)
        status = try container.decode(ClaimStatus.self, forKey: .status)
        anchoring = try container.decodeIfPresent(ClaimAnchoring.self, forKey: .anchoring) ?? .exact
        createdBy = try container.decode(String.self, forKey: .createdBy)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        updatedAt = try container.decode(String.self, forKey: .updatedAt)
        linkedTo = try container.decodeIfPresent(String.self, forKey: .linkedTo)
    }
}
