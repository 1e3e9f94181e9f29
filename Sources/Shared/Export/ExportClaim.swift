/// One active claim as an export reads it: the claim, its article, its live verdicts and its publication.
public struct ExportClaim: Sendable {
    public let claim: Claim
    public let article: ExportItem.ArticlePart
    public let verdicts: [Verdict]
    /// The desk's published verdict (its current version), if the claim is published.
    public let publication: Publication?

    public init(claim: Claim, article: ExportItem.ArticlePart, verdicts: [Verdict], publication: Publication? = nil) {
        self.claim = claim
        self.article = article
        self.verdicts = verdicts
        self.publication = publication
    }
}
