import Foundation
import GRDB
import VerdictShared

/// ``MutationStorage`` over one GRDB connection inside a transaction, plus the row readers the store shares.
struct SQLiteMutationStorage: BatchStorage {
    let db: Database
    /// Article bodies as scalars, per (article, revision), for the length of one transaction.
    private let scalarCache = ScalarCache()
    /// Rows read ahead for a whole batch (see ``prefetch(for:reviewer:)``), kept true by every save.
    private let batch = BatchReads()

    init(db: Database) {
        self.db = db
    }

    final class ScalarCache {
        var bodies: [String: [Unicode.Scalar]] = [:]
    }

    /// What a batch's verdict mutations will read, fetched with one query per kind instead of one per mutation.
    /// A key that is present answers for the database (`nil` = known to be absent); a missing key is read as usual.
    final class BatchReads {
        var verdicts: [String: Verdict?] = [:]
        var claimStatuses: [String: ClaimStatus?] = [:]
        /// Keyed by ``liveKey(claimId:reviewer:)``.
        var liveVerdicts: [String: Verdict?] = [:]
        /// Remembered outcomes by mutation id, of the pushing user.
        var remembered: [String: RememberedOutcome?] = [:]

        static func liveKey(claimId: String, reviewer: String) -> String { claimId + "\u{0}" + reviewer }

        func removeAll() {
            verdicts.removeAll()
            claimStatuses.removeAll()
            liveVerdicts.removeAll()
            remembered.removeAll()
        }
    }

    /// Reads ahead, in one query each, the verdicts, claim statuses and live verdicts that the batch's verdict
    /// mutations by `reviewer` will look up.
    private func prefetch(for mutations: [Mutation], reviewer: String) throws {
        var verdictIDs: Set<String> = []
        var claimIDs: Set<String> = []
        for mutation in mutations where mutation.type == .verdict {
            if let id = mutation.id ?? mutation.record?.id { verdictIDs.insert(id) }
            if case .verdict(let input) = mutation.record { claimIDs.insert(input.claimId) }
        }
        guard !verdictIDs.isEmpty || !claimIDs.isEmpty else { return }
        for chunk in verdictIDs.inListChunks(of: 900) {
            for id in chunk.values { batch.verdicts[id] = .some(nil) }
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(Self.verdictColumns) FROM verdicts WHERE id IN (\(chunk.placeholders))",
                arguments: StatementArguments(chunk.values))
            while let row = try rows.next() {
                let verdict = try verdict(row)
                batch.verdicts[verdict.id] = verdict
            }
        }
        for chunk in claimIDs.inListChunks(of: 900) {
            for id in chunk.values {
                batch.claimStatuses[id] = .some(nil)
                batch.liveVerdicts[BatchReads.liveKey(claimId: id, reviewer: reviewer)] = .some(nil)
            }
            let statuses = try Row.fetchCursor(
                db, sql: "SELECT id, status FROM claims WHERE id IN (\(chunk.placeholders))",
                arguments: StatementArguments(chunk.values))
            while let row = try statuses.next() {
                batch.claimStatuses[row[0]] = ClaimStatus(rawValue: row[1])
            }
            let live = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Self.verdictColumns) FROM verdicts
                    WHERE reviewer = ? AND deleted = 0 AND claim_id IN (\(chunk.placeholders))
                    """,
                arguments: StatementArguments([reviewer] + chunk.values))
            while let row = try live.next() {
                let verdict = try verdict(row)
                batch.liveVerdicts[BatchReads.liveKey(claimId: verdict.claimId, reviewer: reviewer)] = verdict
            }
        }
    }

    // MARK: Reads

    func article(id: String) throws -> Article? { try article(id: id, revision: nil) }

    func article(id: String, revision: Int?) throws -> Article? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT a.id, a.version, r.revision, r.title, r.source, r.url, r.published, r.body, r.content_hash,
                       a.created_by, r.author, a.created_at, r.created_at, a.revision, a.updated_at,
                       coalesce(a.updated_by, r.author), a.target_verdicts
                FROM articles a JOIN article_revisions r ON r.article_id = a.id AND r.revision = coalesce(?, a.revision)
                WHERE a.id = ?
                """)
        guard let row = try Row.fetchOne(statement, arguments: [revision, id]) else { return nil }
        let isCurrent = (row[2] as Int) == (row[13] as Int)
        return Article(
            id: row[0], version: row[1], revision: row[2], title: row[3], source: row[4],
            url: row[5], published: row[6], body: row[7], contentHash: row[8], createdBy: row[9],
            updatedBy: isCurrent ? row[15] : row[10], createdAt: row[11], updatedAt: isCurrent ? row[14] : row[12],
            targetVerdicts: row[16])
    }

    /// Drops cached reads (after a rollback they may describe writes that were undone).
    func forgetCachedReads() {
        scalarCache.bodies.removeAll()
        batch.removeAll()
    }

    func articleRevision(id: String) throws -> Int? {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT revision FROM articles WHERE id = ?"), arguments: [id])
    }

    func articleScalars(id: String, revision: Int) throws -> [Unicode.Scalar]? {
        let key = "\(revision) \(id)"
        if let cached = scalarCache.bodies[key] { return cached }
        let statement = try db.cachedStatement(
            sql: "SELECT body FROM article_revisions WHERE article_id = ? AND revision = ?")
        guard let body = try String.fetchOne(statement, arguments: [id, revision]) else { return nil }
        let scalars = Array(body.unicodeScalars)
        if scalarCache.bodies.count > 64 { scalarCache.bodies.removeAll() }
        scalarCache.bodies[key] = scalars
        return scalars
    }

    func articleID(contentHash: String) throws -> String? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT a.id FROM article_revisions r JOIN articles a ON a.id = r.article_id AND a.revision = r.revision
                WHERE r.content_hash = ? LIMIT 1
                """)
        return try String.fetchOne(statement, arguments: [contentHash])
    }

    private static let claimColumns =
        "id, version, article_id, revision, quote, prefix, suffix, start_offset, end_offset, status, created_by, created_at, updated_at, anchoring, linked_to"

    private func claim(_ row: Row) -> Claim {
        Claim(
            id: row[0], version: row[1], articleId: row[2], revision: row[3], quote: row[4], prefix: row[5],
            suffix: row[6], start: row[7], end: row[8], status: ClaimStatus(rawValue: row[9]) ?? .active,
            anchoring: ClaimAnchoring(rawValue: row[13]) ?? .exact, createdBy: row[10], createdAt: row[11],
            updatedAt: row[12], linkedTo: row[14])
    }

    func activeClaims(articleId: String) throws -> [Claim] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(Self.claimColumns) FROM claims WHERE article_id = ? AND status = 'active'
                ORDER BY start_offset, id
                """)
        return try Row.fetchAll(statement, arguments: [articleId]).map(claim)
    }

    /// The active appearances linked to `claims`, in reading order.
    func appearances(of claims: [String]) throws -> [Claim] {
        var found: [Claim] = []
        for chunk in claims.inListChunks(of: 500) {
            found += try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.claimColumns) FROM claims
                    WHERE status = 'active' AND linked_to IN (\(chunk.placeholders))
                    ORDER BY article_id, start_offset, id
                    """, arguments: StatementArguments(chunk.values)
            ).map(claim)
        }
        return found
    }

    func claim(id: String) throws -> Claim? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.claimColumns) FROM claims WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(claim)
    }

    /// One page of an export: the active claims of the articles after `article` (all of them when nil), in
    /// reading order (article, start offset, id): the first `limit`, then the rest of the last one's article,
    /// so that a page always holds whole articles.
    func activeClaims(afterArticle article: String?, limit: Int) throws -> [Claim] {
        var claims = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.claimColumns) FROM claims
                    WHERE status = 'active' AND article_id > ? AND linked_to IS NULL
                    ORDER BY article_id, start_offset, id LIMIT ?
                    """),
            arguments: [article ?? "", limit]
        ).map(claim)
        if let last = claims.last, claims.count == limit {
            claims += try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.claimColumns) FROM claims
                        WHERE status = 'active' AND article_id = ? AND (start_offset, id) > (?, ?)
                            AND linked_to IS NULL
                        ORDER BY start_offset, id
                        """),
                arguments: [last.articleId, last.start, last.id]
            ).map(claim)
        }
        return claims
    }

    func claimStatus(id: String) throws -> ClaimStatus? {
        if let known = batch.claimStatuses[id] { return known }
        let statement = try db.cachedStatement(sql: "SELECT status FROM claims WHERE id = ?")
        return try String.fetchOne(statement, arguments: [id]).flatMap(ClaimStatus.init(rawValue:))
    }

    func claim(articleId: String, revision: Int, start: Int, end: Int) throws -> Claim? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(Self.claimColumns) FROM claims
                WHERE article_id = ? AND revision = ? AND start_offset = ? AND end_offset = ?
                """)
        return try Row.fetchOne(statement, arguments: [articleId, revision, start, end]).map(claim)
    }

    private static let verdictColumns =
        "id, version, claim_id, reviewer, label, confidence, rationale, evidence, deleted, created_at, updated_at"

    private func verdict(_ row: Row) throws -> Verdict {
        let evidenceJSON: String = row[7]
        let evidence =
            evidenceJSON == "[]" ? [] : try JSONDecoder().decode([Evidence].self, from: Data(evidenceJSON.utf8))
        return Verdict(
            id: row[0], version: row[1], claimId: row[2], reviewer: row[3], label: row[4], confidence: row[5],
            rationale: row[6], evidence: evidence, deleted: row[8], createdAt: row[9], updatedAt: row[10])
    }

    func verdict(id: String) throws -> Verdict? {
        if let known = batch.verdicts[id] { return known }
        let statement = try db.cachedStatement(sql: "SELECT \(Self.verdictColumns) FROM verdicts WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id]).map(verdict)
    }

    /// Verdicts matching a `WHERE` clause over the verdicts table.
    func verdicts(sql condition: String, _ arguments: [String]) throws -> [Verdict] {
        // A cursor decodes each row in place (fetchAll would copy every row first).
        let rows = try Row.fetchCursor(
            db, sql: "SELECT \(Self.verdictColumns) FROM verdicts \(condition)",
            arguments: StatementArguments(arguments))
        var verdicts: [Verdict] = []
        while let row = try rows.next() { verdicts.append(try verdict(row)) }
        return verdicts
    }

    func hasLiveVerdict(claimId: String, notBy reviewer: String) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT 1 FROM verdicts WHERE claim_id = ? AND deleted = 0 AND reviewer != ? LIMIT 1")
        return try Int.fetchOne(statement, arguments: [claimId, reviewer]) != nil
    }

    func liveVerdict(claimId: String, reviewer: String) throws -> Verdict? {
        if let known = batch.liveVerdicts[BatchReads.liveKey(claimId: claimId, reviewer: reviewer)] { return known }
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.verdictColumns) FROM verdicts WHERE claim_id = ? AND reviewer = ? AND deleted = 0")
        return try Row.fetchOne(statement, arguments: [claimId, reviewer]).map(verdict)
    }

    // MARK: Writes

    func save(_ article: Article, by user: String) throws -> SavedChange {
        try db.cachedStatement(
            sql: """
                INSERT INTO articles (id, version, revision, created_by, created_at, updated_at, updated_by,
                    target_verdicts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, revision = excluded.revision,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                    target_verdicts = excluded.target_verdicts
                """
        ).execute(arguments: [
            article.id, article.version, article.revision, article.createdBy, article.createdAt, article.updatedAt,
            article.updatedBy, article.targetVerdicts,
        ])
        try db.cachedStatement(
            sql: """
                INSERT INTO article_revisions
                    (article_id, revision, title, source, url, published, body, content_hash, author, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (article_id, revision) DO UPDATE SET title = excluded.title, source = excluded.source,
                    url = excluded.url, published = excluded.published
                """
        ).execute(arguments: [
            article.id, article.revision, article.title, article.source, article.url, article.published, article.body,
            article.contentHash, article.updatedBy, article.updatedAt,
        ])
        return try appendChange(.article(article), json: article.jsonText, by: user)
    }

    func save(_ claim: Claim, by user: String) throws -> SavedChange {
        try db.cachedStatement(
            sql: """
                INSERT INTO claims (\(Self.claimColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status,
                    revision = excluded.revision, quote = excluded.quote, prefix = excluded.prefix,
                    suffix = excluded.suffix, start_offset = excluded.start_offset, end_offset = excluded.end_offset,
                    anchoring = excluded.anchoring, updated_at = excluded.updated_at, linked_to = excluded.linked_to
                """
        ).execute(arguments: [
            claim.id, claim.version, claim.articleId, claim.revision, claim.quote, claim.prefix, claim.suffix,
            claim.start, claim.end, claim.status.rawValue, claim.createdBy, claim.createdAt, claim.updatedAt,
            claim.anchoring.rawValue, claim.linkedTo,
        ])
        batch.claimStatuses[claim.id] = claim.status
        return try appendChange(.claim(claim), json: claim.jsonText, by: user)
    }

    func save(_ verdict: Verdict, by user: String) throws -> SavedChange {
        try db.cachedStatement(
            sql: """
                INSERT INTO verdicts (\(Self.verdictColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, label = excluded.label,
                    confidence = excluded.confidence, rationale = excluded.rationale, evidence = excluded.evidence,
                    deleted = excluded.deleted, updated_at = excluded.updated_at
                """
        ).execute(arguments: [
            verdict.id, verdict.version, verdict.claimId, verdict.reviewer, verdict.label, verdict.confidence,
            verdict.rationale, jsonArray(verdict.evidence.map(\.jsonText)), verdict.deleted, verdict.createdAt,
            verdict.updatedAt,
        ])
        batch.verdicts[verdict.id] = verdict
        let live = BatchReads.liveKey(claimId: verdict.claimId, reviewer: verdict.reviewer)
        if !verdict.deleted {
            batch.liveVerdicts[live] = verdict
        } else if case .some(.some(let known)) = batch.liveVerdicts[live], known.id == verdict.id {
            batch.liveVerdicts[live] = .some(nil)
        }
        return try appendChange(.verdict(verdict), json: verdict.jsonText, by: user)
    }

    func save(_ publication: Publication, by user: String) throws -> SavedChange {
        let json = publication.jsonText
        try db.cachedStatement(
            sql: """
                INSERT INTO publications (id, version, claim_id, label, record, published_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, label = excluded.label,
                    record = excluded.record, published_by = excluded.published_by, updated_at = excluded.updated_at
                """
        ).execute(arguments: [
            publication.id, publication.version, publication.claimId, publication.label, json,
            publication.publishedBy, publication.createdAt, publication.updatedAt,
        ])
        return try appendChange(.publication(publication), json: json, by: user)
    }

    func audit(by user: String, _ action: String, target: String, detail: String?) throws {
        try SQLiteStore.audit(db, AuditActor(name: user, address: nil), action, target: target, detail: detail)
    }

    func save(_ assignment: Assignment, by user: String) throws -> SavedChange {
        try db.cachedStatement(
            sql: """
                INSERT INTO assignments (\(Self.assignmentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, due = excluded.due,
                    deleted = excluded.deleted, assigned_by = excluded.assigned_by, updated_at = excluded.updated_at
                """
        ).execute(arguments: [
            assignment.id, assignment.version, assignment.reviewer, assignment.claimId, assignment.articleId,
            assignment.due, assignment.deleted, assignment.assignedBy, assignment.createdAt, assignment.updatedAt,
        ])
        return try appendChange(.assignment(assignment), json: assignment.jsonText, by: user)
    }

    static let assignmentColumns =
        "id, version, reviewer, claim_id, article_id, due, deleted, assigned_by, created_at, updated_at"

    static func assignment(_ row: Row) -> Assignment {
        Assignment(
            id: row[0], version: row[1], reviewer: row[2], claimId: row[3], articleId: row[4], due: row[5],
            deleted: row[6], assignedBy: row[7], createdAt: row[8], updatedAt: row[9])
    }

    func assignment(id: String) throws -> Assignment? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.assignmentColumns) FROM assignments WHERE id = ?"), arguments: [id]
        ).map(Self.assignment)
    }

    func liveAssignment(reviewer: String, claimId: String?, articleId: String?) throws -> Assignment? {
        let (column, value) = claimId.map { ("claim_id", $0) } ?? ("article_id", articleId ?? "")
        return try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.assignmentColumns) FROM assignments
                    WHERE reviewer = ? AND \(column) = ? AND deleted = 0
                    """), arguments: [reviewer, value]
        ).map(Self.assignment)
    }

    func user(name: String) throws -> (name: String, role: Role, disabled: Bool)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT name, role, disabled FROM users WHERE name = ?"), arguments: [name]),
            let role = Role(rawValue: row[1])
        else { return nil }
        return (row[0], role, row[2])
    }

    func publication(id: String) throws -> Publication? {
        try publication(where: "id = ?", id)
    }

    func publication(claimId: String) throws -> Publication? {
        try publication(where: "claim_id = ?", claimId)
    }

    private func publication(where condition: String, _ value: String) throws -> Publication? {
        let statement = try db.cachedStatement(sql: "SELECT record FROM publications WHERE \(condition)")
        guard let json = try String.fetchOne(statement, arguments: [value]) else { return nil }
        return try JSONDecoder().decode(Publication.self, from: Data(json.utf8))
    }

    func groupVerdicts(claimId: String) throws -> [Verdict] {
        let live = try verdicts(
            sql: """
                WHERE deleted = 0 AND (claim_id = ? OR claim_id IN
                    (SELECT id FROM claims WHERE linked_to = ? AND status = 'active'))
                """, [claimId, claimId])
        return ExportClaim.onePerReviewer(live)
    }

    func appearanceCount(claimId: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM claims WHERE linked_to = ?"), arguments: [claimId]) ?? 0
    }

    private func appendChange(_ record: AnyRecord, json: String, by user: String) throws -> SavedChange {
        try db.cachedStatement(
            sql: """
                INSERT INTO changes (type, record_id, version, deleted, record, user, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.type.rawValue, record.id, record.version, record.isDeleted, json, user, record.updatedAt,
        ])
        return SavedChange(seq: db.lastInsertedRowID, json: json)
    }

    // MARK: Batches

    func readAhead(_ mutations: [Mutation], user: String, remembering: Bool) throws {
        if remembering {
            for id in mutations.map(\.mutationId) { batch.remembered[id] = .some(nil) }
            for chunk in Set(mutations.map(\.mutationId)).inListChunks(of: 900) {
                let cursor = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT mutation_id, request_hash, result FROM mutations
                        WHERE user = ? AND mutation_id IN (\(chunk.placeholders))
                        """, arguments: StatementArguments([user] + chunk.values))
                while let row = try cursor.next() {
                    batch.remembered[row[0]] = RememberedOutcome(requestHash: row[1], resultJSON: row[2])
                }
            }
        }
        try prefetch(for: mutations, reviewer: user)
    }

    func rememberedOutcome(user: String, mutationId: String) throws -> RememberedOutcome? {
        if let known = batch.remembered[mutationId] { return known }
        let statement = try db.cachedStatement(
            sql: "SELECT request_hash, result FROM mutations WHERE user = ? AND mutation_id = ?")
        return try Row.fetchOne(statement, arguments: [user, mutationId]).map {
            RememberedOutcome(requestHash: $0[0], resultJSON: $0[1])
        }
    }

    func changedRecordJSON(type: RecordType, id: String, version: Int) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT record FROM changes WHERE type = ? AND record_id = ? AND version = ?"),
            arguments: [type.rawValue, id, version])
    }

    func withSavepoint<T>(_ body: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT mutation").execute()
        do {
            let value = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT mutation").execute()
            return value
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT mutation").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT mutation").execute()
            throw error
        }
    }

    func refusal(in error: any Error) -> String? {
        guard let error = error as? DatabaseError, error.resultCode == .SQLITE_CONSTRAINT else { return nil }
        return error.message ?? "constraint"
    }

    func remember(_ outcome: RememberedOutcome, user: String, mutationId: String, now: String) throws {
        try db.cachedStatement(
            sql: "INSERT INTO mutations (user, mutation_id, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [user, mutationId, outcome.requestHash, outcome.resultJSON, now])
        // A later use of the id in this batch must find it.
        if batch.remembered[mutationId] != nil { batch.remembered[mutationId] = outcome }
    }
}
