/// The desk that publishes verdicts, and when it counts a claim as settled (`GET /v1/desk`).
public struct DeskInfo: Codable, Sendable, Equatable {
    public var name: String
    public var url: String?
    public var consensus: Consensus.Policy

    public init(name: String, url: String?, consensus: Consensus.Policy) {
        self.name = name
        self.url = url
        self.consensus = consensus
    }
}
