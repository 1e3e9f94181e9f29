import Foundation

/// The desk that publishes verdicts, and when it counts a claim as settled (`GET /v1/desk`).
public struct DeskInfo: Codable, Sendable, Equatable {
    /// Who publishes the verdicts (ClaimReview `author`).
    public var name: String
    /// The desk's site (ClaimReview `author.url`).
    public var url: String?
    /// When a claim counts as settled (an export's query parameters may override it).
    public var consensus: Consensus.Policy
    /// The address of the page that publishes a claim's fact-check, with `{claimId}` where the claim's id goes
    /// (ClaimReview `url`), e.g. `https://desk.example.org/checks/{claimId}`. Without it there is no
    /// ClaimReview export: its items would have no page to point at.
    public var claimReviewURL: String?
    /// Blind review, target verdicts and the publication quorum.
    public var workflow: DeskWorkflow

    public init(
        name: String, url: String?, consensus: Consensus.Policy, claimReviewURL: String? = nil,
        workflow: DeskWorkflow = DeskWorkflow()
    ) {
        self.name = name
        self.url = url
        self.consensus = consensus
        self.claimReviewURL = claimReviewURL
        self.workflow = workflow
    }

    enum CodingKeys: String, CodingKey {
        case name, url, consensus, claimReviewURL, workflow
    }

    /// `workflow` may be missing: a workspace saved before it existed, or an older server.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        consensus = try container.decode(Consensus.Policy.self, forKey: .consensus)
        claimReviewURL = try container.decodeIfPresent(String.self, forKey: .claimReviewURL)
        workflow = try container.decodeIfPresent(DeskWorkflow.self, forKey: .workflow) ?? DeskWorkflow()
    }

    /// The ClaimReview `url` of a claim, or nil without a template.
    public func reviewURL(claim: String) -> String? {
        claimReviewURL.map { $0.replacingOccurrences(of: "{claimId}", with: claim) }
    }

    /// Why a ClaimReview export cannot be made, or nil when it can.
    public var claimReviewProblem: String? {
        claimReviewURL == nil
            ? "ClaimReview items need the address of the page that publishes each fact-check; set desk.claimReviewURL "
                + "in the server's config, e.g. \"https://desk.example.org/checks/{claimId}\"" : nil
    }
}
