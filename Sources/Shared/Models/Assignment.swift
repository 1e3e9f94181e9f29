/// An editor's request that a reviewer rate a claim, or every claim of an article, optionally by a day.
///
/// One live assignment per reviewer and claim (or article); unassigning leaves a tombstone (`deleted`), as a
/// verdict does, so that every replica learns of it.
public struct Assignment: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var version: Int
    /// Who is asked to rate.
    public var reviewer: String
    /// The claim assigned; nil for an article assignment.
    public var claimId: String?
    /// The article whose claims are all assigned (those marked later too); nil for a claim assignment.
    public var articleId: String?
    /// The day it is due, `YYYY-MM-DD`; an unrated claim is overdue after it.
    public var due: String?
    public var deleted: Bool
    /// The editor who made this version.
    public var assignedBy: String
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: String, version: Int, reviewer: String, claimId: String?, articleId: String?, due: String?,
        deleted: Bool, assignedBy: String, createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.version = version
        self.reviewer = reviewer
        self.claimId = claimId
        self.articleId = articleId
        self.due = due
        self.deleted = deleted
        self.assignedBy = assignedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
