import VerdictShared

/// The reads and writes ``MutationRules`` needs, all inside one write transaction of a backend.
///
/// `save` writes the record's row and appends its change (with the record as JSON) and returns the change's
/// sequence number and that JSON. A backend may assume `save` is only called with records the rules have checked.
protocol MutationStorage {
    func article(id: String) throws -> Article?
    /// The current revision number of an article, if it exists.
    func articleRevision(id: String) throws -> Int?
    /// The body of one revision of an article, as Unicode scalars (revisions never change, so a backend may
    /// cache this for the length of a batch).
    func articleScalars(id: String, revision: Int) throws -> [Unicode.Scalar]?
    /// The id of an article whose current text has this content hash, if any.
    func articleID(contentHash: String) throws -> String?
    func claim(id: String) throws -> Claim?
    /// Just a claim's status, for checks that need nothing else.
    func claimStatus(id: String) throws -> ClaimStatus?
    /// An article's active claims (orphaned ones included), in text order.
    func activeClaims(articleId: String) throws -> [Claim]
    /// The claim marking exactly this span, whatever its status.
    func claim(articleId: String, revision: Int, start: Int, end: Int) throws -> Claim?
    func verdict(id: String) throws -> Verdict?
    /// Whether anyone but `reviewer` has a live verdict on the claim.
    func hasLiveVerdict(claimId: String, notBy reviewer: String) throws -> Bool
    /// The reviewer's verdict on the claim that is not a tombstone.
    func liveVerdict(claimId: String, reviewer: String) throws -> Verdict?

    func publication(id: String) throws -> Publication?
    func publication(claimId: String) throws -> Publication?
    /// Every live verdict on the claim and on its active appearances, one per reviewer (the latest written):
    /// what its one consensus counts.
    func groupVerdicts(claimId: String) throws -> [Verdict]
    /// How many claims are linked to this one as its appearances (active or withdrawn).
    func appearanceCount(claimId: String) throws -> Int

    func save(_ article: Article, by user: String) throws -> SavedChange
    func save(_ claim: Claim, by user: String) throws -> SavedChange
    func save(_ verdict: Verdict, by user: String) throws -> SavedChange
    func save(_ publication: Publication, by user: String) throws -> SavedChange

    func assignment(id: String) throws -> Assignment?
    /// The reviewer's live assignment of this claim, or of this article.
    func liveAssignment(reviewer: String, claimId: String?, articleId: String?) throws -> Assignment?
    /// A user's name as stored (names match without regard to case), role and whether they are disabled, or nil
    /// when there is no such user.
    func user(name: String) throws -> (name: String, role: Role, disabled: Bool)?
    func save(_ assignment: Assignment, by user: String) throws -> SavedChange
    /// Appends to the audit trail (publications), in the same transaction as the change.
    func audit(by user: String, _ action: String, target: String, detail: String?) throws
}

/// Where a write landed in the change log, and the record as JSON (written once, reused for the answer).
struct SavedChange {
    let seq: Int64
    let json: String
}
