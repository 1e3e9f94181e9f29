import Foundation
import GRDB
import VerdictShared

extension Workspace {
    // MARK: Storing what the server sent

    /// Stores a record from the server unless a newer version is already here. Returns whether it was stored.
    @discardableResult
    static func store(_ record: AnyRecord, json: String, _ db: Database) throws -> Bool {
        switch record {
        case .article(let article):
            try db.cachedStatement(
                sql: """
                    INSERT INTO articles (id, version, json) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json
                    WHERE excluded.version > articles.version
                    """
            ).execute(arguments: [article.id, article.version, json])
        case .claim(let claim):
            try db.execute(
                sql: """
                    INSERT INTO claims (id, version, article_id, start_offset, status, json, linked_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status,
                        start_offset = excluded.start_offset, json = excluded.json, linked_to = excluded.linked_to
                    WHERE excluded.version > claims.version
                    """,
                arguments: [
                    claim.id, claim.version, claim.articleId, claim.start, claim.status.rawValue, json, claim.linkedTo,
                ])
            let stored = db.changesCount > 0
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO claim_history (id, version, json) VALUES (?, ?, ?)")
                .execute(arguments: [claim.id, claim.version, json])
            return stored
        case .verdict(let verdict):
            // `history` keeps the versions that were replaced (for `verdict log`); the current one is in
            // `verdicts`, so a verdict seen once is stored once.
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO history (claim_id, verdict_id, version, json)
                    SELECT claim_id, id, version, json FROM verdicts WHERE id = ? AND version < ?
                    """
            ).execute(arguments: [verdict.id, verdict.version])
            try db.cachedStatement(
                sql: """
                    INSERT INTO verdicts (id, version, claim_id, reviewer, deleted, json) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
                        json = excluded.json
                    WHERE excluded.version > verdicts.version
                    """
            ).execute(arguments: [
                verdict.id, verdict.version, verdict.claimId, verdict.reviewer, verdict.deleted, json,
            ])
            if db.changesCount == 0 {
                // An older version than the one held arrived late: it belongs to the history.
                try db.cachedStatement(
                    sql: """
                        INSERT OR IGNORE INTO history (claim_id, verdict_id, version, json)
                        SELECT ?, ?, ?, ? WHERE ? < (SELECT version FROM verdicts WHERE id = ?)
                        """
                ).execute(arguments: [verdict.claimId, verdict.id, verdict.version, json, verdict.version, verdict.id])
                return false
            }
            return true
        case .publication(let publication):
            // Every version is kept: the desk's corrections are part of what a reader is shown.
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO publications (id, version, claim_id, json) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [publication.id, publication.version, publication.claimId, json])
        case .assignment(let assignment):
            try db.cachedStatement(
                sql: """
                    INSERT INTO assignments (id, version, reviewer, claim_id, article_id, due, deleted, json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, due = excluded.due,
                        deleted = excluded.deleted, json = excluded.json
                    WHERE excluded.version > assignments.version
                    """
            ).execute(arguments: [
                assignment.id, assignment.version, assignment.reviewer, assignment.claimId, assignment.articleId,
                assignment.due, assignment.deleted, json,
            ])
        }
        return db.changesCount > 0
    }

    static func store(_ record: AnyRecord, _ db: Database) throws {
        try store(record, json: record.jsonText, db)
    }
}
