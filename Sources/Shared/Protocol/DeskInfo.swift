/// The desk that publishes verdicts, and when it counts a claim as settled (`GET /v1/desk`).
public struct DeskInfo: Codable, Sendable, Equatable {
    /// Who publishes the verdicts (ClaimReview `author`).
    public var name: String
    /// The desk's site; ClaimReview items link to `<url>/claims/<id>`.
    public var url: String?
    /// When a claim counts as settled (an export's query parameters may override it).
    public var consensus: Consensus.Policy

    public init(name: String, url: String?, consensus: Consensus.Policy) {
        self.name = name
        self.url = url
        self.consensus = consensus
    }
}
