/// One active claim as an export reads it: the claim, its article and its live verdicts.
public struct ExportClaim: Sendable {
    public let claim: Claim
    public let article: ExportItem.ArticlePart
    public let verdicts: [Verdict]

    public init(claim: Claim, article: ExportItem.ArticlePart, verdicts: [Verdict]) {
        self.claim = claim
        self.article = article
        self.verdicts = verdicts
    }
}
