import Foundation
import GRDB
import Logging
import VerdictShared

/// The embedded default backend: one SQLite file in WAL mode through a GRDB `DatabasePool`.
///
/// GRDB serializes writes on one connection and gives readers snapshots, so the change feed is gap-free by
/// construction (see ``VerdictStore``). The file may be opened by admin commands while a server runs.
final class SQLiteStore: VerdictStore {
    let pool: DatabasePool
    let rules: MutationRules
    /// A read-only connection for token checks, used synchronously on the caller's thread: GRDB's async read
    /// hops threads twice, which was measured at about 0.2 ms per request, while the lookup itself is an
    /// indexed read of microseconds. WAL readers never wait for the writer.
    let authConnection: DatabaseQueue
    /// The change log's id. Only a restored copy (another file, opened by another process) has a new one, so
    /// it is read once.
    let feedID: String
    /// Where write transactions are timed, when the server keeps metrics.
    let metrics: ServerMetrics?
    /// Runs the mutations of concurrent pushes and REST writes together, a transaction per group.
    let writeGroup: SQLiteWriteGroup

    /// Opens (creating if needed) and migrates the database at `path`.
    init(
        path: String, scale: VerdictScale = .standard, limits: ContentLimits = ContentLimits(),
        workflow: DeskWorkflow = DeskWorkflow(), metrics: ServerMetrics? = nil
    ) throws {
        self.metrics = metrics
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(15)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try PrivateFile.prepare(path)
        pool = try DatabasePool(path: path, configuration: configuration)
        // SQLite gives the -wal and -shm files the database's mode; tighten any left looser by an older version.
        try PrivateFile.restrict(path + "-wal")
        try PrivateFile.restrict(path + "-shm")
        rules = MutationRules(scale: scale, limits: limits, workflow: workflow)
        writeGroup = SQLiteWriteGroup(pool: pool, metrics: metrics)
        try Self.migrator.migrate(pool)
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(15)
        authConnection = try DatabaseQueue(path: path, configuration: readOnly)
        feedID = try pool.read { db in try String.fetchOne(db, sql: "SELECT id FROM feed") } ?? ""
    }

    /// Closes the database; the store must not be used afterwards.
    func close() throws {
        try authConnection.close()
        try pool.close()
    }

    // MARK: - Sync

    func apply(_ mutations: [Mutation], by identity: Identity, remember: Bool) async throws -> [MutationOutcome] {
        let batch = MutationBatch(rules: rules, identity: identity, remembering: remember)
        return try await batch.run(
            mutations, metrics: metrics,
            isRefusal: { ($0 as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT }
        ) { prepared, guarded in
            try await writeGroup.write(weight: prepared.count) { db in
                try batch.apply(prepared, in: SQLiteMutationStorage(db: db), guarded: guarded, now: Timestamp.now())
            }
        }
    }

    // MARK: - Reads

    func article(id: String, revision: Int?) async throws -> Article? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).article(id: id, revision: revision) }
    }

    func articleRevisions(id: String) async throws -> [ArticleRevisionSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT revision, title, content_hash, author, created_at FROM article_revisions
                    WHERE article_id = ? ORDER BY revision
                    """, arguments: [id]
            ).map {
                ArticleRevisionSummary(
                    revision: $0[0], title: $0[1], contentHash: $0[2], author: $0[3], createdAt: $0[4])
            }
        }
    }

    func articles(after: String?, limit: Int) async throws -> [ArticleSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.version, a.revision, r.title, r.source, r.url, r.published
                    FROM articles a JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                    WHERE a.id > ? ORDER BY a.id LIMIT ?
                    """, arguments: [after ?? "", limit]
            ).map {
                ArticleSummary(
                    id: $0[0], version: $0[1], revision: $0[2], title: $0[3], source: $0[4], url: $0[5],
                    published: $0[6])
            }
        }
    }

    func claim(id: String) async throws -> Claim? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).claim(id: id) }
    }

    func agreementReport(
        scale: VerdictScale, method: ConsensusMethod, minimumShared: Int, visibility: VerdictVisibility
    ) async throws
        -> AgreementReport
    {
        try await pool.read { db in
            try AgreementReport.make(
                Self.spool(scale: scale, visibleTo: visibility.blindReviewer, db), method: method,
                minimumShared: minimumShared)
        }
    }

    func exportSnapshot(scale: VerdictScale, method: ConsensusMethod) async throws -> any ExportPageSource {
        // A snapshot keeps one read transaction open on its own connection until it is released.
        let snapshot = try pool.makeSnapshot()
        let consensus: ExportConsensus
        switch method {
        case .majority: consensus = .majority(scale: scale)
        case .dawidSkene:
            consensus = try await snapshot.read { db in try ExportConsensus.dawidSkene(Self.spool(scale: scale, db)) }
        }
        return SQLiteExportSnapshot(snapshot: snapshot, consensus: consensus)
    }

    /// Every live verdict on an active claim, spooled to a temporary file in reading order (article, start
    /// offset, claim id, reviewer), which the claims_reading_order and verdicts_live indexes give without a
    /// sort. With `blindReviewer`, only the claims that reviewer may see (``VerdictVisibility``).
    static func spool(scale: VerdictScale, visibleTo blindReviewer: String? = nil, _ db: Database) throws -> VoteSpool {
        let spool = try VoteSpool(scale: scale)
        let linked =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM claims WHERE linked_to IS NOT NULL)") ?? false
        // With linked appearances, their verdicts are the claim's they appear as, one per reviewer (the latest:
        // SQLite takes the bare columns from the row max() picks). Without, the indexes give the order unsorted.
        let sql =
            linked
            ? """
            SELECT p.article_id, p.id, v.reviewer, v.label, max(v.updated_at || ' ' || v.id) FROM claims c
            JOIN claims p ON p.id = coalesce(c.linked_to, c.id)
            CROSS JOIN verdicts v ON v.claim_id = c.id AND v.deleted = 0
            WHERE c.status = 'active' AND p.status = 'active'
                AND (?1 IS NULL OR \(Self.visibleClaim("c.id", reviewer: "?1")))
            GROUP BY p.id, v.reviewer
            ORDER BY p.article_id, p.start_offset, p.id, v.reviewer
            """
            : """
            SELECT c.article_id, c.id, v.reviewer, v.label FROM claims c
            CROSS JOIN verdicts v ON v.claim_id = c.id AND v.deleted = 0
            WHERE c.status = 'active' AND (?1 IS NULL OR \(Self.visibleClaim("c.id", reviewer: "?1")))
            ORDER BY c.article_id, c.start_offset, c.id, v.reviewer
            """
        let rows = try Row.fetchCursor(db, sql: sql, arguments: [blindReviewer])
        while let row = try rows.next() {
            try spool.add(claim: row[1], article: row[0], reviewer: row[2], label: row[3])
        }
        return spool
    }

    func verdict(id: String) async throws -> Verdict? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).verdict(id: id) }
    }

    func publication(id: String) async throws -> Publication? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).publication(id: id) }
    }

    func publication(claimId: String) async throws -> Publication? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).publication(claimId: claimId) }
    }

    func claimHistory(id: String, visibility: VerdictVisibility) async throws -> [RawHistoryEntry]? {
        try await pool.read { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?)", arguments: [id]) == true
            else { return nil }
            let reviewer = visibility.blindReviewer
            let hidden =
                try reviewer.map {
                    try Bool.fetchOne(
                        db, sql: "SELECT NOT \(Self.visibleClaim("?1", reviewer: "?2"))", arguments: [id, $0])
                } ?? false
            // Indexed reads rather than one scan of the log.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, type, record_id, version, user, created_at, record FROM changes
                        WHERE type = 'claim' AND record_id = ?1
                    UNION ALL
                    SELECT c.seq, c.type, c.record_id, c.version, c.user, c.created_at, c.record FROM verdicts v
                        JOIN changes c ON c.type = 'verdict' AND c.record_id = v.id
                        WHERE v.claim_id = ?1 AND (?2 = 0 OR v.reviewer = ?3)
                    UNION ALL
                    SELECT c.seq, c.type, c.record_id, c.version, c.user, c.created_at, c.record FROM publications p
                        JOIN changes c ON c.type = 'publication' AND c.record_id = p.id
                        WHERE p.claim_id = ?1
                    UNION ALL
                    SELECT c.seq, c.type, c.record_id, c.version, c.user, c.created_at, c.record FROM assignments a
                        JOIN changes c ON c.type = 'assignment' AND c.record_id = a.id
                        WHERE a.claim_id = ?1
                            OR a.article_id = (SELECT article_id FROM claims WHERE id = ?1)
                    ORDER BY 1
                    """, arguments: [id, hidden, reviewer])
            return rows.compactMap { row in
                RecordType(rawValue: row[1]).map {
                    RawHistoryEntry(
                        seq: row[0], type: $0, id: row[2], version: row[3], user: row[4], at: row[5], recordJSON: row[6]
                    )
                }
            }
        }
    }

    func maySeeVerdicts(onClaim claim: String, _ visibility: VerdictVisibility) async throws -> Bool {
        guard let reviewer = visibility.blindReviewer else { return true }
        return try await pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT \(Self.visibleClaim("?1", reviewer: "?2"))", arguments: [claim, reviewer]) ?? false
        }
    }

    /// SQL that is true when `reviewer` may see others' verdicts on the claim `claim` under blind review: they
    /// have given a verdict of their own on it, or it is published.
    static func visibleClaim(_ claim: String, reviewer: String) -> String {
        "(EXISTS (SELECT 1 FROM verdicts mine WHERE mine.claim_id = \(claim) AND mine.reviewer = \(reviewer))"
            + " OR EXISTS (SELECT 1 FROM publications p WHERE p.claim_id = \(claim)))"
    }

    /// A consistent copy of the whole database at `path` (which must not exist), taken from a read snapshot
    /// so that writers are not held up.
    static func backup(databaseAt source: String, to destination: String) throws {
        guard FileManager.default.fileExists(atPath: source) else {
            throw StoreError.notFound("no database at \(source)")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.exists("\(destination) already exists; choose a new file name")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(15)
        let queue = try DatabaseQueue(path: source, configuration: configuration)
        // VACUUM INTO takes an empty file: made first, so the copy is the owner's alone from its first byte.
        try PrivateFile.prepare(destination)
        do {
            try queue.inDatabase { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
        try queue.close()
        // The copy is a new change log as far as clients can tell: give it its own id.
        let copy = try DatabaseQueue(path: destination)
        try copy.write { db in
            try db.execute(sql: "UPDATE feed SET id = lower(hex(randomblob(16)))")
        }
        try copy.close()
    }
}

/// An export's page source over a GRDB `DatabaseSnapshot`: one read transaction held until it is released.
struct SQLiteExportSnapshot: ExportPageSource {
    let snapshot: DatabaseSnapshot
    let consensus: ExportConsensus

    func claims(afterArticle article: String?, limit: Int) async throws -> [ExportClaim] {
        try await snapshot.read { db in
            try ExportPage.claims(afterArticle: article, limit: limit, from: SQLiteMutationStorage(db: db))
        }
    }
}

extension SQLiteMutationStorage: ExportReads {
    func liveVerdicts(onClaims ids: [String]) throws -> [Verdict] {
        var found: [Verdict] = []
        for chunk in ids.inListChunks(of: 500) {
            found += try verdicts(
                sql: "WHERE deleted = 0 AND claim_id IN (\(chunk.placeholders)) ORDER BY claim_id, reviewer, id",
                chunk.values)
        }
        return found
    }

    func publications(onClaims ids: [String]) throws -> [String: Publication] {
        var found: [String: Publication] = [:]
        let decoder = JSONDecoder()
        for chunk in ids.inListChunks(of: 500) {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT claim_id, record FROM publications WHERE claim_id IN (\(chunk.placeholders))",
                arguments: StatementArguments(chunk.values))
            while let row = try rows.next() {
                found[row[0]] = try decoder.decode(Publication.self, from: Data((row[1] as String).utf8))
            }
        }
        return found
    }

    func exportArticles(ids: [String]) throws -> [String: ExportItem.ArticlePart] {
        var found: [String: ExportItem.ArticlePart] = [:]
        for chunk in ids.inListChunks(of: 500) {
            // The export's few article fields, without the body.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.id, r.title, r.source, r.url, r.published FROM articles a
                    JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                    WHERE a.id IN (\(chunk.placeholders))
                    """, arguments: StatementArguments(chunk.values))
            while let row = try rows.next() {
                found[row[0]] = ExportItem.ArticlePart(
                    id: row[0], title: row[1], source: row[2], url: row[3], published: row[4])
            }
        }
        return found
    }
}

// MARK: - Remembered outcomes

extension SQLiteStore {
    func pruneRememberedOutcomes(olderThan cutoff: String, batch: Int) async throws -> Int {
        var deleted = 0
        while true {
            let count = try await pool.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM mutations WHERE (user, mutation_id) IN (
                            SELECT user, mutation_id FROM mutations WHERE created_at < ? ORDER BY created_at LIMIT ?)
                        """, arguments: [cutoff, batch])
                return db.changesCount
            }
            deleted += count
            guard count == batch else { return deleted }
            await Task.yield()
        }
    }

}
