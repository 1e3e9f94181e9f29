import GRDB
import VerdictShared

extension SQLiteStore {
    func similarityCandidates() async throws -> [SimilarClaims.Candidate] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.quote, c.article_id, r.title, r.source, r.published, c.linked_to FROM claims c
                    JOIN articles a ON a.id = c.article_id
                    JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                    WHERE c.status = 'active' ORDER BY c.id
                    """
            ).map {
                SimilarClaims.Candidate(
                    claimId: $0[0], quote: $0[1], articleId: $0[2], articleTitle: $0[3], articleSource: $0[4],
                    published: $0[5], linkedTo: $0[6])
            }
        }
    }

    func assignment(id: String) async throws -> Assignment? {
        try await pool.read { db in try SQLiteMutationStorage(db: db).assignment(id: id) }
    }

    func coverage(
        article: String?, after: String?, limit: Int, targetVerdicts: Int, today: String
    ) async throws
        -> Coverage
    {
        try await pool.read { db in
            try Self.coverage(
                article: article, after: after, limit: limit, targetVerdicts: targetVerdicts, today: today, db)
        }
    }

    /// Coverage of one page of articles (by id), from one snapshot. Shared with nothing: the client computes
    /// its offline copy over its own schema.
    static func coverage(
        article: String?, after: String?, limit: Int, targetVerdicts: Int, today: String, _ db: Database
    ) throws -> Coverage {
        let page = try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, r.title, coalesce(a.target_verdicts, ?4) FROM articles a
                JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                WHERE (?1 IS NULL OR a.id = ?1) AND a.id > ?2 ORDER BY a.id LIMIT ?3
                """, arguments: [article, after ?? "", limit + 1, targetVerdicts])
        let more = page.count > limit
        let ids: [String] = page.prefix(limit).map { $0[0] }
        var articles: [Coverage.ArticleRow] = []
        var reviewers: [Coverage.ReviewerRow] = []
        for row in page.prefix(limit) {
            let id: String = row[0]
            let target: Int = row[2]
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*), coalesce(sum(n >= ?2), 0), coalesce(sum(n), 0) FROM (
                        SELECT (SELECT count(*) FROM verdicts v WHERE v.claim_id = c.id AND v.deleted = 0) AS n
                        FROM claims c WHERE c.article_id = ?1 AND c.status = 'active')
                    """, arguments: [id, target])
            articles.append(
                Coverage.ArticleRow(
                    article: id, title: row[1], claims: counts?[0] ?? 0, covered: counts?[1] ?? 0,
                    verdicts: counts?[2] ?? 0, targetVerdicts: target))
            // Each assigned claim once per reviewer, with the earliest due day of its assignments.
            let assigned = try Row.fetchAll(
                db,
                sql: """
                    SELECT reviewer, count(*),
                        coalesce(sum(rated), 0),
                        coalesce(sum(NOT rated AND due IS NOT NULL AND due < ?2), 0)
                    FROM (
                        SELECT x.reviewer, x.claim_id, min(x.due) AS due,
                            EXISTS (SELECT 1 FROM verdicts v
                                WHERE v.claim_id = x.claim_id AND v.reviewer = x.reviewer AND v.deleted = 0) AS rated
                        FROM (
                            SELECT a.reviewer, c.id AS claim_id, a.due FROM assignments a
                                JOIN claims c ON c.id = a.claim_id
                                WHERE a.deleted = 0 AND c.article_id = ?1 AND c.status = 'active'
                            UNION ALL
                            SELECT a.reviewer, c.id, a.due FROM assignments a
                                JOIN claims c ON c.article_id = a.article_id
                                WHERE a.deleted = 0 AND a.article_id = ?1 AND c.status = 'active'
                        ) x GROUP BY x.reviewer, x.claim_id
                    ) GROUP BY reviewer ORDER BY reviewer
                    """, arguments: [id, today])
            for entry in assigned {
                reviewers.append(
                    Coverage.ReviewerRow(
                        article: id, reviewer: entry[0], assigned: entry[1], rated: entry[2], overdue: entry[3]))
            }
        }
        return Coverage(
            targetVerdicts: targetVerdicts, today: today, articles: articles, reviewers: reviewers,
            next: more ? ids.last : nil)
    }
}
