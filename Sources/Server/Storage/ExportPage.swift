import VerdictShared

/// What a page of an export reads, from one snapshot of a backend.
protocol ExportReads {
    /// The active claims of the articles after `article` (all of them when nil) that are not appearances of
    /// another, in reading order: the first `limit`, then the rest of the last one's article.
    func activeClaims(afterArticle article: String?, limit: Int) throws -> [Claim]
    /// The active appearances linked to `claims`, in reading order.
    func appearances(of claims: [String]) throws -> [Claim]
    /// The live verdicts on these claims, by claim, reviewer and id.
    func liveVerdicts(onClaims ids: [String]) throws -> [Verdict]
    /// The publications of these claims, by claim id.
    func publications(onClaims ids: [String]) throws -> [String: Publication]
    /// The few fields of these articles an export carries, by article id.
    func exportArticles(ids: [String]) throws -> [String: ExportItem.ArticlePart]
}

/// One page of an export, the same on every backend.
enum ExportPage {
    /// The claims of whole articles after `article` (``ExportPageSource/claims(afterArticle:limit:)``), with their
    /// articles, live verdicts (an appearance's count toward the claim it appears as, one per reviewer), and
    /// publications.
    static func claims(afterArticle article: String?, limit: Int, from reads: some ExportReads) throws -> [ExportClaim]
    {
        let claims = try reads.activeClaims(afterArticle: article, limit: limit)
        guard !claims.isEmpty else { return [] }
        let linked = try reads.appearances(of: claims.map(\.id))
        let ids = (claims + linked).map(\.id)
        var verdicts: [String: [Verdict]] = [:]
        for verdict in try reads.liveVerdicts(onClaims: ids) { verdicts[verdict.claimId, default: []].append(verdict) }
        let publications = try reads.publications(onClaims: ids)
        let articles = try reads.exportArticles(ids: Array(Set((claims + linked).map(\.articleId))))
        let byPrimary = Dictionary(grouping: linked) { $0.linkedTo ?? "" }
        return claims.compactMap { claim in
            articles[claim.articleId].map {
                let appearances = (byPrimary[claim.id] ?? []).compactMap { other in
                    articles[other.articleId].map { (claim: other, article: $0) }
                }
                let all = (verdicts[claim.id] ?? []) + appearances.flatMap { verdicts[$0.claim.id] ?? [] }
                return ExportClaim(
                    claim: claim, article: $0, verdicts: appearances.isEmpty ? all : ExportClaim.onePerReviewer(all),
                    publication: publications[claim.id], appearances: appearances)
            }
        }
    }
}
