/// One consistent state of a desk, read by an export in pages: the server's store and the client's workspace
/// each provide one, and ``ExportWriter`` turns any of them into the same bytes.
public protocol ExportPageSource: Sendable {
    /// The consensus fitted to the same state as the claims (majority vote needs nothing fitted). Asked for
    /// once, after the export's first bytes went out: fitting Dawid-Skene reads every live verdict.
    func consensus() async throws -> ExportConsensus
    /// Active claims with their article and live verdicts, in reading order (article id, then start offset
    /// and claim id), whole articles at a time: the articles after `afterArticle`, about `limit` claims (more
    /// when the last article has more). Empty when no article is left.
    func claims(afterArticle: String?, limit: Int) async throws -> [ExportClaim]
}
