/// A news article as the desk stores it: the current revision of its text plus its metadata.
///
/// `body` is NFC-normalized; claim offsets count Unicode scalars into the body of a stated `revision`.
public struct Article: Codable, Sendable, Equatable, Hashable {
    /// Stable identifier (client- or server-made, see ``RecordID``).
    public var id: String
    /// Record version: 1 on creation, one more on every write.
    public var version: Int
    /// Text revision: 1 on creation, one more on every correction. Old revisions stay readable.
    public var revision: Int
    public var title: String
    /// The outlet that published the article.
    public var source: String
    public var url: String?
    /// Publication date, `YYYY-MM-DD` or a full ISO 8601 timestamp.
    public var published: String?
    public var body: String
    /// Lowercase hex SHA-256 of the UTF-8 of `body`.
    public var contentHash: String
    /// Name of the user who created the article.
    public var createdBy: String
    /// Name of the user who wrote this revision.
    public var updatedBy: String
    public var createdAt: String
    public var updatedAt: String
    /// Live verdicts wanted per claim of this article; nil for the desk's `workflow.targetVerdicts`.
    public var targetVerdicts: Int?

    public init(
        id: String, version: Int, revision: Int, title: String, source: String, url: String?, published: String?,
        body: String, contentHash: String, createdBy: String, updatedBy: String, createdAt: String, updatedAt: String,
        targetVerdicts: Int? = nil
    ) {
        self.id = id
        self.version = version
        self.revision = revision
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.body = body
        self.contentHash = contentHash
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.targetVerdicts = targetVerdicts
    }
}

/// One line of an article's revision history.
public struct ArticleRevisionSummary: Codable, Sendable, Equatable {
    public var revision: Int
    public var title: String
    public var contentHash: String
    public var author: String
    public var createdAt: String

    public init(revision: Int, title: String, contentHash: String, author: String, createdAt: String) {
        self.revision = revision
        self.title = title
        self.contentHash = contentHash
        self.author = author
        self.createdAt = createdAt
    }
}

/// An article without its body, for listings.
public struct ArticleSummary: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var revision: Int
    public var title: String
    public var source: String
    public var url: String?
    public var published: String?

    public init(
        id: String, version: Int, revision: Int, title: String, source: String, url: String?, published: String?
    ) {
        self.id = id
        self.version = version
        self.revision = revision
        self.title = title
        self.source = source
        self.url = url
        self.published = published
    }
}
