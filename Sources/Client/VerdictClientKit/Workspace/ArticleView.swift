import VerdictShared

/// An article as `verdict show` prints it: its text, its active claims in text order with the user's verdict on
/// each, and the shortest unique prefix of each claim's id.
public struct ArticleView: Encodable, Sendable {
    public let article: Article
    public let claims: [RatedClaim]
    /// The shortest unique prefix of each claim's id (at least 8 characters), for display.
    public let shortIDs: [String: String]

    enum CodingKeys: String, CodingKey {
        case article, claims
    }
}
