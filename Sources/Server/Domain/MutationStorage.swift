import VerdictShared

/// The reads and writes ``MutationRules`` needs, all inside one write transaction of a backend.
///
/// `save` writes the record's row and appends its change (with the record as JSON) and returns the change's
/// sequence number. A backend may assume `save` is only called with records the rules have checked.
protocol MutationStorage {
    func article(id: String) throws -> Article?
    /// The body of one revision of an article.
    func articleBody(id: String, revision: Int) throws -> String?
    /// The id of an article whose current text has this content hash, if any.
    func articleID(contentHash: String) throws -> String?
    func claim(id: String) throws -> Claim?
    /// The claim marking exactly this span, whatever its status.
    func claim(articleId: String, revision: Int, start: Int, end: Int) throws -> Claim?
    func verdict(id: String) throws -> Verdict?
    /// The reviewer's verdict on the claim that is not a tombstone.
    func liveVerdict(claimId: String, reviewer: String) throws -> Verdict?

    func save(_ article: Article, by user: String) throws -> Int64
    func save(_ claim: Claim, by user: String) throws -> Int64
    func save(_ verdict: Verdict, by user: String) throws -> Int64
}

/// Size limits on what clients write, in Unicode scalars unless named otherwise.
struct ContentLimits: Sendable {
    var title = 1_000
    var source = 200
    var url = 2_048
    var body = 2_000_000
    var quote = 5_000
    var rationale = 20_000
    var evidenceItems = 100
    var evidenceNote = 2_000
}
