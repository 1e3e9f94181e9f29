/// One active claim as an export reads it: the claim, its article, its live verdicts (with those on its
/// appearances, one per reviewer) and its publication. Claims linked as appearances of another are not
/// exported on their own: they are among their primary's `appearances`.
public struct ExportClaim: Sendable {
    public let claim: Claim
    public let article: ExportItem.ArticlePart
    public let verdicts: [Verdict]
    /// The desk's published verdict (its current version), if the claim is published.
    public let publication: Publication?
    /// The claim's other active appearances (linked to it), with their articles.
    public let appearances: [(claim: Claim, article: ExportItem.ArticlePart)]

    public init(
        claim: Claim, article: ExportItem.ArticlePart, verdicts: [Verdict], publication: Publication? = nil,
        appearances: [(claim: Claim, article: ExportItem.ArticlePart)] = []
    ) {
        self.claim = claim
        self.article = article
        self.verdicts = verdicts
        self.publication = publication
        self.appearances = appearances
    }

    /// The latest of each reviewer's verdicts (by `updatedAt`, then id), by reviewer: a reviewer who rated two
    /// appearances of one claim counts once.
    public static func onePerReviewer(_ verdicts: [Verdict]) -> [Verdict] {
        var latest: [String: Verdict] = [:]
        for verdict in verdicts {
            if let kept = latest[verdict.reviewer], (kept.updatedAt, kept.id) >= (verdict.updatedAt, verdict.id) {
                continue
            }
            latest[verdict.reviewer] = verdict
        }
        return latest.values.sorted { $0.reviewer.utf8.lexicographicallyPrecedes($1.reviewer.utf8) }
    }
}
