/// The fields a client sends to create or correct an article. The server fills in the rest.
public struct ArticleInput: Codable, Sendable, Equatable {
    public var id: String?
    public var title: String
    public var source: String?
    public var url: String?
    /// `YYYY-MM-DD` or a full ISO 8601 timestamp.
    public var published: String?
    public var body: String
    /// Live verdicts wanted per claim of this article, 1 to 100. Left out, a correction keeps the article's; 0
    /// goes back to the desk's default.
    public var targetVerdicts: Int?

    public init(
        id: String? = nil, title: String, source: String? = nil, url: String? = nil, published: String? = nil,
        body: String, targetVerdicts: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.body = body
        self.targetVerdicts = targetVerdicts
    }
}

/// The fields a client sends to mark a claim, or to change its status.
///
/// Give `start` and `end` (Unicode scalars into the article body of `revision`), or leave them out and the
/// server finds `quote` itself: its `occurrence`-th appearance (1-based, default 1).
public struct ClaimInput: Codable, Sendable, Equatable {
    public var id: String?
    public var articleId: String
    /// Article revision the offsets refer to; the current revision when left out.
    public var revision: Int?
    public var quote: String
    public var start: Int?
    public var end: Int?
    public var occurrence: Int?
    /// Editors may set `withdrawn` (or back to `active`); new claims are always `active`.
    public var status: ClaimStatus?
    /// Editors link a claim as an appearance of another claim (its id), or unlink it (`""`); left out, the
    /// link stays as it is.
    public var linkedTo: String?

    public init(
        id: String? = nil, articleId: String, revision: Int? = nil, quote: String, start: Int? = nil,
        end: Int? = nil, occurrence: Int? = nil, status: ClaimStatus? = nil, linkedTo: String? = nil
    ) {
        self.id = id
        self.articleId = articleId
        self.revision = revision
        self.quote = quote
        self.start = start
        self.end = end
        self.occurrence = occurrence
        self.status = status
        self.linkedTo = linkedTo
    }
}

/// The fields a reviewer sends to write a verdict. The reviewer is always the authenticated user.
public struct VerdictInput: Codable, Sendable, Equatable {
    public var id: String?
    public var claimId: String
    public var label: String
    /// 0 to 1; 1 when left out.
    public var confidence: Double?
    public var rationale: String?
    public var evidence: [Evidence]?

    public init(
        id: String? = nil, claimId: String, label: String, confidence: Double? = nil, rationale: String? = nil,
        evidence: [Evidence]? = nil
    ) {
        self.id = id
        self.claimId = claimId
        self.label = label
        self.confidence = confidence
        self.rationale = rationale
        self.evidence = evidence
    }
}

/// The fields of a publication put (editors). Without `label`, the claim's consensus label is published.
public struct PublicationInput: Codable, Sendable, Equatable {
    public var id: String?
    public var claimId: String
    public var label: String?
    public var summary: String
    public var evidence: [Evidence]?
    public var claimAuthor: String?
    /// Required when the label is not the consensus or the claim lacks the desk's quorum.
    public var reason: String?
    /// Required for a correction (a put on an existing publication).
    public var correction: String?

    public init(
        id: String? = nil, claimId: String, label: String? = nil, summary: String, evidence: [Evidence]? = nil,
        claimAuthor: String? = nil, reason: String? = nil, correction: String? = nil
    ) {
        self.id = id
        self.claimId = claimId
        self.label = label
        self.summary = summary
        self.evidence = evidence
        self.claimAuthor = claimAuthor
        self.reason = reason
        self.correction = correction
    }
}

/// The fields of an assignment put (editors): a reviewer and exactly one of a claim or an article.
public struct AssignmentInput: Codable, Sendable, Equatable {
    public var id: String?
    public var reviewer: String
    public var claimId: String?
    public var articleId: String?
    /// `YYYY-MM-DD`.
    public var due: String?

    public init(
        id: String? = nil, reviewer: String, claimId: String? = nil, articleId: String? = nil, due: String? = nil
    ) {
        self.id = id
        self.reviewer = reviewer
        self.claimId = claimId
        self.articleId = articleId
        self.due = due
    }
}
