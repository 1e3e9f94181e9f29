/// An article in the listing, with how far the user has rated its claims.
public struct RatedArticle: Encodable, Sendable, Equatable {
    public let id: String
    public let title: String
    public let source: String
    public let published: String?
    public let revision: Int
    /// Active claims, with those marked here and not yet pushed.
    public let claims: Int
    /// Of those, the ones with the user's verdict (unpushed edits counted).
    public let rated: Int
    /// `new` for an article added here and not yet pushed, `correction` while a correction waits to be pushed,
    /// `conflict` or `rejected` when the server stopped one; nil otherwise.
    public let local: String?
}
