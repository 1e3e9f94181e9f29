import Foundation
import Logging
import ServiceLifecycle
import VerdictShared

/// A page of the change feed as storage returns it: each record already serialized as JSON, so the feed can
/// be answered without decoding and re-encoding records.
struct RawChangesPage: Sendable {
    struct Entry: Sendable {
        let seq: Int64
        let type: RecordType
        let id: String
        let version: Int
        let deleted: Bool
        /// The record as this change left it, as JSON.
        let recordJSON: String
    }

    let entries: [Entry]
    let next: Int64
    let hasMore: Bool
    /// The change log's id: it changes when a backup is restored, and cursors from before mean nothing then.
    let feed: String
}

/// One change in a claim's history, its record as JSON.
struct RawHistoryEntry: Sendable {
    let seq: Int64
    let type: RecordType
    let id: String
    let version: Int
    /// Who made the change.
    let user: String
    let at: String
    let recordJSON: String
}

/// Everything the HTTP layer and the admin commands need from storage, by concern: records and their feed,
/// users and tokens, consensus reads. Controllers and commands depend on the part they use.
///
/// The contract every backend keeps (SQLite, PostgreSQL):
/// - A batch of mutations is decided by ``MutationBatch`` and ``MutationRules`` against the committed state,
///   mutation by mutation; each one is written entirely or not at all. A backend is an adapter
///   (``BatchStorage``): SQL and transactions, no copy of the rules.
/// - Each write appends one change with a sequence number larger than any before it.
/// - `changes(since:)` never returns a change while a change with a smaller sequence number may still commit:
///   a reader that saw sequence N can never later find a new change below N. SQLite gets this for free
///   (one writer, sequence taken inside the write transaction); PostgreSQL serializes its writers on a
///   transaction-scoped advisory lock taken before the first read (ARCHITECTURE.md).
/// - A mutation id is remembered per user with its outcome: a retry returns that outcome and writes nothing.
/// - ``MutationRules`` read, decide, then write; that sequence is atomic against every other writer, in every
///   process. A unique violation is never remembered as an outcome: the batch runs again guarded and the
///   refused mutation alone is decided afresh, so that a racing same-span claim merges instead of failing.
protocol VerdictStore: RecordStore, UserStore, ConsensusStore {
    /// The bytes the database takes on disk now (for the metrics), nil when the backend cannot tell.
    func storageBytes() async throws -> Int64?
    /// Closes the store; it must not be used afterwards.
    func close() async throws
    /// What a server must run in its service group for this store, and await ready before it binds: PostgreSQL's
    /// connection pool. Nil when the store is ready as opened (SQLite).
    var service: (any StoreService)? { get }
}

/// A store's part that runs as a service of the server's group (``VerdictStore/service``).
protocol StoreService: Service {
    /// Returns once the store can serve (reached, migrated); the group is running the service by then.
    func ready() async throws
}

extension VerdictStore {
    var service: (any StoreService)? { nil }
}

/// Records, their writes and the change feed.
protocol RecordStore: Sendable {
    /// Decides and applies `mutations` in order. With `remember`, outcomes are stored under their mutation ids
    /// (the sync protocol); without, ids are ignored (plain REST writes).
    func apply(_ mutations: [Mutation], by identity: Identity, remember: Bool) async throws -> [MutationOutcome]

    /// Changes with `seq > since`, in order, at most `limit`, as a reader with `visibility` may see them: under
    /// blind review others' verdicts are withheld and released later (``BlindFeedPage``).
    func changes(since: Int64, limit: Int, visibility: VerdictVisibility) async throws -> RawChangesPage

    /// The article at its current revision, or at `revision` when given.
    func article(id: String, revision: Int?) async throws -> Article?
    func articleRevisions(id: String) async throws -> [ArticleRevisionSummary]
    /// Articles ordered by id, after `after`.
    func articles(after: String?, limit: Int) async throws -> [ArticleSummary]
    func claim(id: String) async throws -> Claim?
    func verdict(id: String) async throws -> Verdict?
    func publication(id: String) async throws -> Publication?
    /// The claim's changes, its verdicts' and its publication's, in feed order (nil when there is no such claim);
    /// others' verdicts left out when `visibility` may not see them.
    func claimHistory(id: String, visibility: VerdictVisibility) async throws -> [RawHistoryEntry]?
    func publication(claimId: String) async throws -> Publication?
    func assignment(id: String) async throws -> Assignment?
    /// Whether a reader with `visibility` may see other reviewers' verdicts on the claim.
    func maySeeVerdicts(onClaim claim: String, _ visibility: VerdictVisibility) async throws -> Bool

    /// Deletes the remembered outcomes of mutations applied before `cutoff` (a ``Timestamp``), `batch` rows per
    /// write transaction so that writers never wait long behind the pruning; the number deleted.
    func pruneRememberedOutcomes(olderThan cutoff: String, batch: Int) async throws -> Int
}

/// Reads over the whole desk: agreement, exports, similarity, coverage.
protocol ConsensusStore: Sendable {
    /// The desk's agreement report over every live verdict on an active claim, from one consistent snapshot.
    /// Under blind review, over the claims the reader may see only.
    func agreementReport(
        scale: VerdictScale, method: ConsensusMethod, minimumShared: Int, visibility: VerdictVisibility
    ) async throws
        -> AgreementReport
    /// A consistent view for an export: the consensus (Dawid-Skene fitted to it) and its active claims page by
    /// page.
    func exportSnapshot(scale: VerdictScale, method: ConsensusMethod) async throws -> any ExportPageSource
    /// Every active claim with where it appears, for similarity suggestions.
    func similarityCandidates() async throws -> [SimilarClaims.Candidate]
    /// Assignments and ratings per article and reviewer, for the articles after `after` that have claims or
    /// assignments (at most `limit`), or for one article.
    func coverage(
        article: String?, after: String?, limit: Int, targetVerdicts: Int, today: String
    ) async throws
        -> Coverage
}

/// Users, their tokens and the audit trail.
protocol UserStore: Sendable {
    /// The active user holding this token, or nil (unknown, revoked, or user disabled).
    func authenticate(token: String) async throws -> Identity?
    func users() async throws -> [User]
    /// Creates a user and a first token; with an `actor`, an audit entry in the same transaction.
    func addUser(
        name: String, role: Role, tokenLabel: String?, auditedAs actor: AuditActor?
    ) async throws
        -> IssuedToken
    /// A new token for an existing, enabled user; with an `actor`, an audit entry in the same transaction.
    func issueToken(user: String, label: String?, auditedAs actor: AuditActor?) async throws -> IssuedToken
    /// The audit trail after entry `after`, oldest first.
    func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry]
    /// The user's tokens, without their secrets.
    func tokens(user: String) async throws -> [TokenInfo]
    /// Revokes one token of the user, or all of them; the number revoked.
    func revokeTokens(user: String, tokenId: Int64?, auditedAs actor: AuditActor?) async throws -> Int
    func setDisabled(_ disabled: Bool, user: String, auditedAs actor: AuditActor?) async throws
}

extension RecordStore {
    func pruneRememberedOutcomes(olderThan cutoff: String) async throws -> Int {
        try await pruneRememberedOutcomes(olderThan: cutoff, batch: 1_000)
    }

    /// Prunes outcomes older than `days` now and then every `interval` until cancelled; failures are logged and
    /// tried again next time.
    func pruneRememberedOutcomes(keepingDays days: Int, every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            let cutoff = Timestamp.format(Date().addingTimeInterval(-Double(days) * 86_400))
            do {
                let deleted = try await pruneRememberedOutcomes(olderThan: cutoff)
                if deleted > 0 {
                    logger.info(
                        "pruned remembered push outcomes", metadata: ["deleted": "\(deleted)", "before": "\(cutoff)"])
                }
            } catch {
                logger.error("pruning remembered push outcomes failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

extension UserStore {
    func addUser(name: String, role: Role, tokenLabel: String?) async throws -> IssuedToken {
        try await addUser(name: name, role: role, tokenLabel: tokenLabel, auditedAs: nil)
    }

    func issueToken(user: String, label: String?) async throws -> IssuedToken {
        try await issueToken(user: user, label: label, auditedAs: nil)
    }

    func revokeTokens(user: String, tokenId: Int64?) async throws -> Int {
        try await revokeTokens(user: user, tokenId: tokenId, auditedAs: nil)
    }

    func setDisabled(_ disabled: Bool, user: String) async throws {
        try await setDisabled(disabled, user: user, auditedAs: nil)
    }
}

/// Who an audited action is by, and from where.
struct AuditActor: Sendable {
    let name: String
    let address: String?

    /// The admin commands on the database file.
    static let adminCLI = AuditActor(name: "admin-cli", address: nil)
}

/// Errors of the user-management operations, with messages for people.
struct StoreError: Error, CustomStringConvertible, Equatable {
    enum Code: Equatable {
        /// A name or value is not acceptable.
        case invalid
        /// The user or token does not exist.
        case notFound
        /// The user already exists.
        case exists
    }

    let code: Code
    let description: String

    static func invalid(_ message: String) -> StoreError { StoreError(code: .invalid, description: message) }
    static func notFound(_ message: String) -> StoreError { StoreError(code: .notFound, description: message) }
    static func exists(_ message: String) -> StoreError { StoreError(code: .exists, description: message) }
}
