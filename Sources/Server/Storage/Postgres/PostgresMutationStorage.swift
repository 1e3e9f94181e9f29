import Foundation
import Logging
import NIOCore
import PostgresNIO
import VerdictShared

/// ``BatchStorage`` over one PostgreSQL connection inside a transaction, synchronously: each statement is sent
/// and waited for on the calling thread, which must be one of ``PostgresStore``'s blocking threads (never an
/// event loop, never the concurrency pool). The rules and the batch are synchronous so that both backends run
/// the one copy of them; a statement here is a loopback round trip of tens of microseconds.
/// `@unchecked Sendable`: one transaction's storage is used by one thread at a time, the blocking thread running
/// that transaction's statement, in turn; its caches are never touched concurrently.
final class PostgresMutationStorage: BatchStorage, @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Article bodies as scalars, per (article, revision), for the length of one transaction.
    private var scalarCache: [String: [Unicode.Scalar]] = [:]
    /// Remembered outcomes read ahead for a batch, by mutation id (`nil` = known to be absent).
    private var remembered: [String: RememberedOutcome?] = [:]
    /// Verdicts and live verdicts read ahead for a batch (`nil` = known to be absent).
    private var verdicts: [String: Verdict?] = [:]
    private var liveVerdicts: [String: Verdict?] = [:]
    private var claimStatuses: [String: ClaimStatus?] = [:]

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    // MARK: Statements

    /// Runs `query` and waits for all of its rows.
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        try connection.query(query, logger: logger).wait().rows.map { $0.makeRandomAccess() }
    }

    func execute(_ query: PostgresQuery) throws {
        _ = try connection.query(query, logger: logger).wait()
    }

    /// The first column of the first row, if there is a row.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        try rows(query).first.map { try $0[0].decode(T.self) }
    }

    private static func liveKey(claimId: String, reviewer: String) -> String { claimId + "\u{0}" + reviewer }

    // MARK: Batches

    func readAhead(_ mutations: [Mutation], user: String, remembering: Bool) throws {
        if remembering {
            let ids = Array(Set(mutations.map(\.mutationId)))
            for id in ids { remembered[id] = .some(nil) }
            for row in try rows(
                """
                SELECT mutation_id, request_hash, result FROM mutations WHERE "user" = \(user) AND mutation_id = ANY(\(ids))
                """)
            {
                remembered[try row[0].decode(String.self)] = RememberedOutcome(
                    requestHash: try row[1].decode(String.self), resultJSON: try row[2].decode(String.self))
            }
        }
        var verdictIDs: Set<String> = []
        var claimIDs: Set<String> = []
        for mutation in mutations where mutation.type == .verdict {
            if let id = mutation.id ?? mutation.record?.id { verdictIDs.insert(id) }
            if case .verdict(let input) = mutation.record { claimIDs.insert(input.claimId) }
        }
        if !verdictIDs.isEmpty {
            for id in verdictIDs { verdicts[id] = .some(nil) }
            let ids = Array(verdictIDs)
            for row in try rows("SELECT \(unescaped: Self.verdictColumns) FROM verdicts WHERE id = ANY(\(ids))") {
                let verdict = try Self.verdict(row)
                verdicts[verdict.id] = verdict
            }
        }
        if !claimIDs.isEmpty {
            let ids = Array(claimIDs)
            for id in ids {
                claimStatuses[id] = .some(nil)
                liveVerdicts[Self.liveKey(claimId: id, reviewer: user)] = .some(nil)
            }
            for row in try rows("SELECT id, status FROM claims WHERE id = ANY(\(ids))") {
                claimStatuses[try row[0].decode(String.self)] = ClaimStatus(rawValue: try row[1].decode(String.self))
            }
            for row in try rows(
                """
                SELECT \(unescaped: Self.verdictColumns) FROM verdicts
                WHERE reviewer = \(user) AND deleted = 0 AND claim_id = ANY(\(ids))
                """)
            {
                let verdict = try Self.verdict(row)
                liveVerdicts[Self.liveKey(claimId: verdict.claimId, reviewer: user)] = verdict
            }
        }
    }

    func rememberedOutcome(user: String, mutationId: String) throws -> RememberedOutcome? {
        if let known = remembered[mutationId] { return known }
        return try rows(
            """
            SELECT request_hash, result FROM mutations WHERE "user" = \(user) AND mutation_id = \(mutationId)
            """
        ).first.map {
            RememberedOutcome(requestHash: try $0[0].decode(String.self), resultJSON: try $0[1].decode(String.self))
        }
    }

    func remember(_ outcome: RememberedOutcome, user: String, mutationId: String, now: String) throws {
        try execute(RememberOutcomeStatement(user: user, mutationId: mutationId, outcome: outcome, now: now))
        if remembered[mutationId] != nil { remembered[mutationId] = outcome }
    }

    func changedRecordJSON(type: RecordType, id: String, version: Int) throws -> String? {
        try value(
            "SELECT record FROM changes WHERE type = \(type.rawValue) AND record_id = \(id) AND version = \(version)")
    }

    func withSavepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT mutation")
        do {
            let value = try body()
            try execute("RELEASE SAVEPOINT mutation")
            return value
        } catch {
            try execute("ROLLBACK TO SAVEPOINT mutation")
            try execute("RELEASE SAVEPOINT mutation")
            throw error
        }
    }

    func refusal(in error: any Error) -> String? {
        Self.refusal(in: error)
    }

    /// The server's message when `error` is an integrity constraint violation (SQLSTATE class 23).
    static func refusal(in error: any Error) -> String? {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState], state.hasPrefix("23")
        else { return nil }
        return error.serverInfo?[.message] ?? "constraint"
    }

    func forgetCachedReads() {
        scalarCache.removeAll()
        remembered.removeAll()
        verdicts.removeAll()
        liveVerdicts.removeAll()
        claimStatuses.removeAll()
    }

    // MARK: Reads

    func article(id: String) throws -> Article? { try article(id: id, revision: nil) }

    func article(id: String, revision: Int?) throws -> Article? {
        guard
            let row = try rows(
                """
                SELECT a.id, a.version, r.revision, r.title, r.source, r.url, r.published, r.body, r.content_hash,
                       a.created_by, r.author, a.created_at, r.created_at, a.revision, a.updated_at,
                       coalesce(a.updated_by, r.author), a.target_verdicts
                FROM articles a JOIN article_revisions r ON r.article_id = a.id
                    AND r.revision = coalesce(\(revision)::bigint, a.revision)
                WHERE a.id = \(id)
                """
            ).first
        else { return nil }
        let isCurrent = try row[2].decode(Int.self) == row[13].decode(Int.self)
        return Article(
            id: try row[0].decode(String.self), version: try row[1].decode(Int.self),
            revision: try row[2].decode(Int.self), title: try row[3].decode(String.self),
            source: try row[4].decode(String.self), url: try row[5].decode(String?.self),
            published: try row[6].decode(String?.self), body: try row[7].decode(String.self),
            contentHash: try row[8].decode(String.self), createdBy: try row[9].decode(String.self),
            updatedBy: try (isCurrent ? row[15] : row[10]).decode(String.self),
            createdAt: try row[11].decode(String.self),
            updatedAt: try (isCurrent ? row[14] : row[12]).decode(String.self),
            targetVerdicts: try row[16].decode(Int?.self))
    }

    func articleRevision(id: String) throws -> Int? {
        try value("SELECT revision FROM articles WHERE id = \(id)")
    }

    func articleScalars(id: String, revision: Int) throws -> [Unicode.Scalar]? {
        let key = "\(revision) \(id)"
        if let cached = scalarCache[key] { return cached }
        guard
            let body = try value(
                "SELECT body FROM article_revisions WHERE article_id = \(id) AND revision = \(revision)",
                as: String.self)
        else { return nil }
        let scalars = Array(body.unicodeScalars)
        if scalarCache.count > 64 { scalarCache.removeAll() }
        scalarCache[key] = scalars
        return scalars
    }

    func articleID(contentHash: String) throws -> String? {
        try value(
            """
            SELECT a.id FROM article_revisions r JOIN articles a ON a.id = r.article_id AND a.revision = r.revision
            WHERE r.content_hash = \(contentHash) LIMIT 1
            """)
    }

    static let claimColumns =
        "id, version, article_id, revision, quote, prefix, suffix, start_offset, end_offset, status, created_by, created_at, updated_at, anchoring, linked_to"

    static func claim(_ row: PostgresRandomAccessRow) throws -> Claim {
        Claim(
            id: try row[0].decode(String.self), version: try row[1].decode(Int.self),
            articleId: try row[2].decode(String.self), revision: try row[3].decode(Int.self),
            quote: try row[4].decode(String.self), prefix: try row[5].decode(String.self),
            suffix: try row[6].decode(String.self), start: try row[7].decode(Int.self),
            end: try row[8].decode(Int.self), status: ClaimStatus(rawValue: try row[9].decode(String.self)) ?? .active,
            anchoring: ClaimAnchoring(rawValue: try row[13].decode(String.self)) ?? .exact,
            createdBy: try row[10].decode(String.self), createdAt: try row[11].decode(String.self),
            updatedAt: try row[12].decode(String.self), linkedTo: try row[14].decode(String?.self))
    }

    func activeClaims(articleId: String) throws -> [Claim] {
        try rows(
            """
            SELECT \(unescaped: Self.claimColumns) FROM claims WHERE article_id = \(articleId) AND status = 'active'
            ORDER BY start_offset, id
            """
        ).map(Self.claim)
    }

    func claim(id: String) throws -> Claim? {
        try rows("SELECT \(unescaped: Self.claimColumns) FROM claims WHERE id = \(id)").first.map(Self.claim)
    }

    func claimStatus(id: String) throws -> ClaimStatus? {
        if let known = claimStatuses[id] { return known }
        return try value("SELECT status FROM claims WHERE id = \(id)", as: String.self).flatMap(ClaimStatus.init)
    }

    func claim(articleId: String, revision: Int, start: Int, end: Int) throws -> Claim? {
        try rows(
            """
            SELECT \(unescaped: Self.claimColumns) FROM claims
            WHERE article_id = \(articleId) AND revision = \(revision) AND start_offset = \(start)
                AND end_offset = \(end)
            """
        ).first.map(Self.claim)
    }

    static let verdictColumns =
        "id, version, claim_id, reviewer, label, confidence, rationale, evidence, deleted, created_at, updated_at"

    static func verdict(_ row: PostgresRandomAccessRow) throws -> Verdict {
        let evidenceJSON = try row[7].decode(String.self)
        let evidence =
            evidenceJSON == "[]" ? [] : try JSONDecoder().decode([Evidence].self, from: Data(evidenceJSON.utf8))
        return Verdict(
            id: try row[0].decode(String.self), version: try row[1].decode(Int.self),
            claimId: try row[2].decode(String.self), reviewer: try row[3].decode(String.self),
            label: try row[4].decode(String.self), confidence: try row[5].decode(Double.self),
            rationale: try row[6].decode(String.self), evidence: evidence, deleted: try row[8].decode(Int.self) != 0,
            createdAt: try row[9].decode(String.self), updatedAt: try row[10].decode(String.self))
    }

    func verdict(id: String) throws -> Verdict? {
        if let known = verdicts[id] { return known }
        return try rows("SELECT \(unescaped: Self.verdictColumns) FROM verdicts WHERE id = \(id)").first.map(
            Self.verdict)
    }

    func hasLiveVerdict(claimId: String, notBy reviewer: String) throws -> Bool {
        try !rows(
            "SELECT 1 FROM verdicts WHERE claim_id = \(claimId) AND deleted = 0 AND reviewer <> \(reviewer) LIMIT 1"
        ).isEmpty
    }

    func liveVerdict(claimId: String, reviewer: String) throws -> Verdict? {
        if let known = liveVerdicts[Self.liveKey(claimId: claimId, reviewer: reviewer)] { return known }
        return try rows(
            """
            SELECT \(unescaped: Self.verdictColumns) FROM verdicts
            WHERE claim_id = \(claimId) AND reviewer = \(reviewer) AND deleted = 0
            """
        ).first.map(Self.verdict)
    }

    func publication(id: String) throws -> Publication? {
        try value("SELECT record FROM publications WHERE id = \(id)", as: String.self).map(Self.publication)
    }

    func publication(claimId: String) throws -> Publication? {
        try value("SELECT record FROM publications WHERE claim_id = \(claimId)", as: String.self).map(
            Self.publication)
    }

    static func publication(_ json: String) throws -> Publication {
        try JSONDecoder().decode(Publication.self, from: Data(json.utf8))
    }

    func groupVerdicts(claimId: String) throws -> [Verdict] {
        let live = try rows(
            """
            SELECT \(unescaped: Self.verdictColumns) FROM verdicts
            WHERE deleted = 0 AND (claim_id = \(claimId) OR claim_id IN
                (SELECT id FROM claims WHERE linked_to = \(claimId) AND status = 'active'))
            """
        ).map(Self.verdict)
        return ExportClaim.onePerReviewer(live)
    }

    func appearanceCount(claimId: String) throws -> Int {
        try value("SELECT count(*) FROM claims WHERE linked_to = \(claimId)", as: Int.self) ?? 0
    }

    static let assignmentColumns =
        "id, version, reviewer, claim_id, article_id, due, deleted, assigned_by, created_at, updated_at"

    static func assignment(_ row: PostgresRandomAccessRow) throws -> Assignment {
        Assignment(
            id: try row[0].decode(String.self), version: try row[1].decode(Int.self),
            reviewer: try row[2].decode(String.self), claimId: try row[3].decode(String?.self),
            articleId: try row[4].decode(String?.self), due: try row[5].decode(String?.self),
            deleted: try row[6].decode(Int.self) != 0, assignedBy: try row[7].decode(String.self),
            createdAt: try row[8].decode(String.self), updatedAt: try row[9].decode(String.self))
    }

    func assignment(id: String) throws -> Assignment? {
        try rows("SELECT \(unescaped: Self.assignmentColumns) FROM assignments WHERE id = \(id)").first.map(
            Self.assignment)
    }

    func liveAssignment(reviewer: String, claimId: String?, articleId: String?) throws -> Assignment? {
        let query: PostgresQuery =
            if let claimId {
                """
                SELECT \(unescaped: Self.assignmentColumns) FROM assignments
                WHERE reviewer = \(reviewer) AND claim_id = \(claimId) AND deleted = 0
                """
            } else {
                """
                SELECT \(unescaped: Self.assignmentColumns) FROM assignments
                WHERE reviewer = \(reviewer) AND article_id = \(articleId ?? "") AND deleted = 0
                """
            }
        return try rows(query).first.map(Self.assignment)
    }

    func user(name: String) throws -> (name: String, role: Role, disabled: Bool)? {
        // Names fold ASCII case only, as SQLite's NOCASE does (the users_name_nocase index).
        guard
            let row = try rows(
                #"SELECT name, role, disabled FROM users WHERE lower(name) = lower(\#(name) COLLATE "C")"#
            ).first,
            let role = Role(rawValue: try row[1].decode(String.self))
        else { return nil }
        return (try row[0].decode(String.self), role, try row[2].decode(Int.self) != 0)
    }

    // MARK: Writes

    func save(_ article: Article, by user: String) throws -> SavedChange {
        try execute(
            """
            INSERT INTO articles (id, version, revision, created_by, created_at, updated_at, updated_by,
                target_verdicts)
            VALUES (\(article.id), \(article.version), \(article.revision), \(article.createdBy),
                \(article.createdAt), \(article.updatedAt), \(article.updatedBy), \(article.targetVerdicts))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, revision = excluded.revision,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                target_verdicts = excluded.target_verdicts
            """)
        try execute(
            """
            INSERT INTO article_revisions
                (article_id, revision, title, source, url, published, body, content_hash, author, created_at)
            VALUES (\(article.id), \(article.revision), \(article.title), \(article.source), \(article.url),
                \(article.published), \(article.body), \(article.contentHash), \(article.updatedBy),
                \(article.updatedAt))
            ON CONFLICT (article_id, revision) DO UPDATE SET title = excluded.title, source = excluded.source,
                url = excluded.url, published = excluded.published
            """)
        return try appendChange(.article(article), json: article.jsonText, by: user)
    }

    func save(_ claim: Claim, by user: String) throws -> SavedChange {
        try execute(
            """
            INSERT INTO claims (\(unescaped: Self.claimColumns))
            VALUES (\(claim.id), \(claim.version), \(claim.articleId), \(claim.revision), \(claim.quote),
                \(claim.prefix), \(claim.suffix), \(claim.start), \(claim.end), \(claim.status.rawValue),
                \(claim.createdBy), \(claim.createdAt), \(claim.updatedAt), \(claim.anchoring.rawValue),
                \(claim.linkedTo))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status,
                revision = excluded.revision, quote = excluded.quote, prefix = excluded.prefix,
                suffix = excluded.suffix, start_offset = excluded.start_offset, end_offset = excluded.end_offset,
                anchoring = excluded.anchoring, updated_at = excluded.updated_at, linked_to = excluded.linked_to
            """)
        claimStatuses[claim.id] = claim.status
        return try appendChange(.claim(claim), json: claim.jsonText, by: user)
    }

    func save(_ verdict: Verdict, by user: String) throws -> SavedChange {
        try execute(SaveVerdictStatement(verdict: verdict, evidenceJSON: jsonArray(verdict.evidence.map(\.jsonText))))
        verdicts[verdict.id] = verdict
        let live = Self.liveKey(claimId: verdict.claimId, reviewer: verdict.reviewer)
        if !verdict.deleted {
            liveVerdicts[live] = verdict
        } else if case .some(.some(let known)) = liveVerdicts[live], known.id == verdict.id {
            liveVerdicts[live] = .some(nil)
        }
        return try appendChange(.verdict(verdict), json: verdict.jsonText, by: user)
    }

    func save(_ publication: Publication, by user: String) throws -> SavedChange {
        let json = publication.jsonText
        try execute(
            """
            INSERT INTO publications (id, version, claim_id, label, record, published_by, created_at, updated_at)
            VALUES (\(publication.id), \(publication.version), \(publication.claimId), \(publication.label),
                \(json), \(publication.publishedBy), \(publication.createdAt), \(publication.updatedAt))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, label = excluded.label,
                record = excluded.record, published_by = excluded.published_by, updated_at = excluded.updated_at
            """)
        return try appendChange(.publication(publication), json: json, by: user)
    }

    func save(_ assignment: Assignment, by user: String) throws -> SavedChange {
        try execute(
            """
            INSERT INTO assignments (\(unescaped: Self.assignmentColumns))
            VALUES (\(assignment.id), \(assignment.version), \(assignment.reviewer), \(assignment.claimId),
                \(assignment.articleId), \(assignment.due), \(assignment.deleted ? 1 : 0), \(assignment.assignedBy),
                \(assignment.createdAt), \(assignment.updatedAt))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, due = excluded.due,
                deleted = excluded.deleted, assigned_by = excluded.assigned_by, updated_at = excluded.updated_at
            """)
        return try appendChange(.assignment(assignment), json: assignment.jsonText, by: user)
    }

    func audit(by user: String, _ action: String, target: String, detail: String?) throws {
        try execute(
            """
            INSERT INTO audit (at, actor, action, target, detail, address)
            VALUES (\(Timestamp.now()), \(user), \(action), \(target), \(detail), NULL)
            """)
    }

    /// Appends the change, its sequence number drawn here: only writers holding the feed lock
    /// (``PostgresStore/feedLock``) reach this, so numbers are drawn and committed in one order.
    private func appendChange(_ record: AnyRecord, json: String, by user: String) throws -> SavedChange {
        guard let seq = try rows(InsertChangeStatement(record: record, json: json, user: user)).first else {
            throw StoreError.invalid("the change log gave no sequence number")
        }
        return SavedChange(seq: seq, json: json)
    }
}
