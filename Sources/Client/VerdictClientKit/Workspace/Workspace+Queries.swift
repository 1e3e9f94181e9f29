import Foundation
import GRDB
import VerdictShared

/// Reads of the server's records as pulled, inside a caller's transaction.
extension Workspace {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    static func article(id: String, _ db: Database) throws -> Article? {
        try String.fetchOne(db, sql: "SELECT json FROM articles WHERE id = ?", arguments: [id]).map {
            try decode(Article.self, $0)
        }
    }

    static func claim(id: String, _ db: Database) throws -> Claim? {
        try String.fetchOne(db, sql: "SELECT json FROM claims WHERE id = ?", arguments: [id]).map {
            try decode(Claim.self, $0)
        }
    }

    /// The server's claims on an article, in text order.
    static func serverClaims(articleId: String, _ db: Database) throws -> [Claim] {
        try String.fetchAll(
            db, sql: "SELECT json FROM claims WHERE article_id = ? ORDER BY start_offset, id", arguments: [articleId]
        ).map { try decode(Claim.self, $0) }
    }

    /// The server's copy of the user's live verdict on a claim.
    static func serverVerdict(claimId: String, reviewer: String, _ db: Database) throws -> Verdict? {
        try String.fetchOne(
            db, sql: "SELECT json FROM verdicts WHERE claim_id = ? AND reviewer = ? AND deleted = 0",
            arguments: [claimId, reviewer]
        ).map { try decode(Verdict.self, $0) }
    }

    /// The live verdicts on active claims as pulled, spooled in the server's order (article, start offset,
    /// claim id, reviewer), for `agreement` and `export --offline`. Labels come straight from the stored JSON.
    static func spool(scale: VerdictScale, _ db: Database) throws -> VoteSpool {
        let spool = try VoteSpool(scale: scale)
        let linked =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM claims WHERE linked_to IS NOT NULL)") ?? false
        // As the server spools: an appearance's verdicts are its primary's, one per reviewer (the latest).
        let sql =
            linked
            ? """
            SELECT p.article_id, p.id, v.reviewer, json_extract(v.json, '$.label'),
                max(json_extract(v.json, '$.updatedAt') || ' ' || v.id) FROM claims c
            JOIN claims p ON p.id = coalesce(c.linked_to, c.id)
            CROSS JOIN verdicts v ON v.claim_id = c.id AND v.deleted = 0
            WHERE c.status = 'active' AND p.status = 'active'
            GROUP BY p.id, v.reviewer
            ORDER BY p.article_id, p.start_offset, p.id, v.reviewer
            """
            : """
            SELECT c.article_id, c.id, v.reviewer, json_extract(v.json, '$.label') FROM claims c
            CROSS JOIN verdicts v ON v.claim_id = c.id AND v.deleted = 0
            WHERE c.status = 'active'
            ORDER BY c.article_id, c.start_offset, c.id, v.reviewer
            """
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            try spool.add(claim: row[1], article: row[0], reviewer: row[2], label: row[3])
        }
        return spool
    }

    /// The active claims linked as appearances of `claims`, in reading order.
    static func appearances(of claims: [String], _ db: Database) throws -> [Claim] {
        var found: [Claim] = []
        for chunk in claims.inListChunks(of: 500) {
            found += try String.fetchAll(
                db,
                sql: """
                    SELECT json FROM claims WHERE status = 'active' AND linked_to IN (\(chunk.placeholders))
                    ORDER BY article_id, start_offset, id
                    """, arguments: StatementArguments(chunk.values)
            ).map { try decode(Claim.self, $0) }
        }
        return found
    }

    /// Active claims of the articles after `article` in reading order, whole articles at a time (see the
    /// server's export).
    static func activeClaims(afterArticle article: String?, limit: Int, _ db: Database) throws -> [Claim] {
        var claims = try String.fetchAll(
            db,
            sql: """
                SELECT json FROM claims WHERE status = 'active' AND article_id > ? AND linked_to IS NULL
                ORDER BY article_id, start_offset, id LIMIT ?
                """, arguments: [article ?? "", limit]
        ).map { try decode(Claim.self, $0) }
        if let last = claims.last, claims.count == limit {
            claims += try String.fetchAll(
                db,
                sql: """
                    SELECT json FROM claims WHERE status = 'active' AND article_id = ? AND (start_offset, id) > (?, ?)
                        AND linked_to IS NULL
                    ORDER BY start_offset, id
                    """, arguments: [last.articleId, last.start, last.id]
            ).map { try decode(Claim.self, $0) }
        }
        return claims
    }

    /// The live verdicts on `claims`, by claim, read with a few queries and the fields taken out of the stored
    /// JSON by SQLite (decoding every verdict's JSON was most of an offline export's time).
    static func liveVerdicts(ofClaims claims: [String], _ db: Database) throws -> [String: [Verdict]] {
        var result: [String: [Verdict]] = [:]
        for chunk in claims.inListChunks(of: 500) {
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, version, claim_id, reviewer, json_extract(json, '$.label'),
                           json_extract(json, '$.confidence'), json_extract(json, '$.rationale'),
                           json_extract(json, '$.evidence'), json_extract(json, '$.createdAt'),
                           json_extract(json, '$.updatedAt')
                    FROM verdicts WHERE deleted = 0 AND claim_id IN (\(chunk.placeholders))
                    """, arguments: StatementArguments(chunk.values))
            while let row = try rows.next() {
                let evidence: String = row[7]
                let verdict = Verdict(
                    id: row[0], version: row[1], claimId: row[2], reviewer: row[3], label: row[4], confidence: row[5],
                    rationale: row[6], evidence: evidence == "[]" ? [] : try decode([Evidence].self, evidence),
                    deleted: false, createdAt: row[8], updatedAt: row[9])
                result[verdict.claimId, default: []].append(verdict)
            }
        }
        return result
    }

    /// The fields of an article an export carries (without decoding its body).
    static func exportArticle(id: String, _ db: Database) throws -> ExportItem.ArticlePart? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT id, json_extract(json, '$.title'), json_extract(json, '$.source'), json_extract(json, '$.url'),
                       json_extract(json, '$.published')
                FROM articles WHERE id = ?
                """, arguments: [id]
        ).map { ExportItem.ArticlePart(id: $0[0], title: $0[1], source: $0[2], url: $0[3], published: $0[4]) }
    }

    // MARK: Ids

    /// The full id for a unique prefix among `candidates`' ids, as git does for commits.
    static func resolve(
        _ prefix: String, kind: String, sql: String, arguments: StatementArguments = [], _ db: Database
    )
        throws -> String
    {
        let trimmed = prefix.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            let article = "aeiou".contains(kind.first ?? "x") ? "an" : "a"
            throw ClientError("give \(article) \(kind) id (or a unique prefix of one)")
        }
        let escaped = trimmed.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let matches = try String.fetchAll(
            db, sql: "SELECT id FROM (\(sql)) WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6",
            arguments: arguments + [escaped + "%"])
        if matches.contains(trimmed) { return trimmed }
        switch matches.count {
        case 0:
            throw ClientError("no \(kind) '\(trimmed)' in this workspace (run `verdict pull` to fetch new ones)")
        case 1: return matches[0]
        default:
            throw ClientError(
                "'\(trimmed)' is ambiguous: it starts \(matches.prefix(5).joined(separator: ", "))"
                    + "\(matches.count > 5 ? ", ..." : ""); type more of the id")
        }
    }

    static func articleID(_ prefix: String, _ db: Database) throws -> String {
        try resolve(prefix, kind: "article", sql: "SELECT id FROM articles", db)
    }

    /// Claims the server has and claims marked here but not yet pushed.
    static func claimID(_ prefix: String, _ db: Database) throws -> String {
        try resolve(
            prefix, kind: "claim",
            sql: "SELECT id FROM claims UNION SELECT record_id AS id FROM outbox WHERE type = 'claim'", db)
    }
}
