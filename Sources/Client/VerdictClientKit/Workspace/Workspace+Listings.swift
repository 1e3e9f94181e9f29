import Foundation
import GRDB
import VerdictShared

/// What the commands list and show, each read in one transaction.
extension Workspace {
    /// Every article here, newest first, with how many of its claims carry the user's verdict.
    public func ratedArticles() throws -> [RatedArticle] {
        let user = try identity().user
        return try db.read { db in
            let counts = try Self.articleCounts(user: user, db)
            var edits: [String: OutboxEntry.State] = [:]
            for entry in try Self.entries(where: "type = 'article'", [], db) {
                if let id = entry.mutation.id { edits[id] = entry.state }
            }
            return try String.fetchAll(db, sql: "SELECT json FROM articles").map { json -> RatedArticle in
                let article = try Self.decode(Article.self, json)
                let count = counts[article.id] ?? (0, 0)
                let local: String? =
                    switch edits[article.id] {
                    case .pending?: article.version == 0 ? "new" : "correction"
                    case let state?: state.rawValue
                    case nil: nil
                    }
                return RatedArticle(
                    id: article.id, title: article.title, source: article.source, published: article.published,
                    revision: article.revision, claims: count.claims, rated: count.rated, local: local)
            }.sorted { ($0.published ?? "", $0.title) > ($1.published ?? "", $1.title) }
        }
    }

    /// An article (by id or unique prefix) with its active claims and the user's verdict on each.
    public func articleView(_ prefix: String) throws -> ArticleView {
        let user = try identity().user
        return try db.read { db in
            let id = try Self.articleID(prefix, db)
            guard let found = try Self.article(id: id, db) else { throw ClientError("no article \(id)") }
            let claims = try Self.ratedClaims(articleId: id, user: user, db)
            let pending = claims.filter(\.claim.pending).map(\.claim.id)
            var short: [String: String] = [:]
            for rated in claims {
                short[rated.claim.id] = try Self.shortClaimID(rated.claim.id, pendingIDs: pending, db)
            }
            return ArticleView(article: found, claims: claims, shortIDs: short)
        }
    }

    /// The claims `verdict review` goes through, article by article (one article, by id or unique prefix, or
    /// all in id order), each article's claims in text order, with the user's verdict on each.
    public func reviewQueue(article prefix: String?) throws -> [(article: Article, claim: RatedClaim)] {
        let user = try identity().user
        return try db.read { db in
            let ids =
                try prefix.map { [try Self.articleID($0, db)] }
                ?? String.fetchAll(db, sql: "SELECT id FROM articles ORDER BY id")
            var queue: [(article: Article, claim: RatedClaim)] = []
            let edits = try Self.verdictEditsByClaim(db)
            for id in ids {
                guard let article = try Self.article(id: id, db) else { continue }
                for claim in try Self.ratedClaims(articleId: id, user: user, edits: edits, db) {
                    queue.append((article, claim))
                }
            }
            return queue
        }
    }

    /// The user's verdict on a claim as it stands here: the latest local edit, else the server's; nil when
    /// there is none (or it was withdrawn here).
    public func currentVerdict(claimId: String) throws -> VerdictInput? {
        let user = try identity().user
        return try db.read { db in try Self.localVerdict(claimId: claimId, user: user, db).input }
    }

    /// The user's edits that met a newer version on the server, oldest first.
    public func conflicts() throws -> [EditConflict] {
        try db.read { db in
            try Self.entries(where: "state = 'conflict'", [], db).map { entry -> EditConflict in
                let claim = try entry.claimId.flatMap { try Self.anyClaim(id: $0, db) }
                var theirs: Verdict?
                if case .verdict(let verdict) = entry.serverRecord { theirs = verdict }
                return EditConflict(
                    claim: entry.claimId ?? entry.mutation.id ?? "", quote: claim?.quote, code: entry.code,
                    reason: entry.reason, mine: entry.verdictInput, theirs: theirs)
            }
        }
    }

    /// Every version of every verdict on a claim (by id or unique prefix) seen here, oldest first, then the
    /// user's local edits on it.
    public func verdictHistory(claim prefix: String) throws -> [VerdictHistoryEntry] {
        let user = try identity().user
        return try db.read { db in
            let id = try Self.claimID(prefix, db)
            var entries = try String.fetchAll(
                db,
                sql: """
                    SELECT json FROM history WHERE claim_id = ? UNION ALL SELECT json FROM verdicts WHERE claim_id = ?
                    """, arguments: [id, id]
            ).map { try Self.decode(Verdict.self, $0) }
                .sorted { ($0.updatedAt, $0.version) < ($1.updatedAt, $1.version) }
                .map {
                    VerdictHistoryEntry(
                        reviewer: $0.reviewer, verdict: $0.id, version: $0.version, label: $0.label,
                        confidence: $0.confidence, rationale: $0.rationale, evidence: $0.evidence, deleted: $0.deleted,
                        at: $0.updatedAt, local: nil)
                }
            for edit in try Self.verdictEntries(claimId: id, db) {
                let input = edit.verdictInput
                entries.append(
                    VerdictHistoryEntry(
                        reviewer: user, verdict: edit.mutation.id ?? "", version: (edit.mutation.baseVersion ?? 0) + 1,
                        label: input?.label ?? "", confidence: input?.confidence ?? 1,
                        rationale: input?.rationale ?? "",
                        evidence: input?.evidence ?? [], deleted: input == nil, at: edit.createdAt,
                        local: edit.state.rawValue))
            }
            return entries
        }
    }

    /// The outbox's state, the last syncs and the first 50 edits the server did not apply.
    public func status() throws -> WorkspaceStatus {
        let (server, user) = try identity()
        return try db.read { db in
            let counts = try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox GROUP BY state")
                .reduce(into: [String: Int]()) { $0[$1[0]] = $1[1] }
            let problems = try Self.entries(where: "state != 'pending'", [], limit: 50, db).map {
                WorkspaceStatus.Problem(
                    claim: $0.claimId, type: $0.mutation.type.rawValue, record: $0.mutation.id ?? "",
                    state: $0.state.rawValue, code: $0.code, reason: $0.reason)
            }
            return WorkspaceStatus(
                server: server, user: user, workspace: directory.path, pending: counts["pending"] ?? 0,
                conflicts: counts["conflict"] ?? 0, rejected: counts["rejected"] ?? 0,
                lastPull: try Self.get(.lastPull, db), lastPush: try Self.get(.lastPush, db),
                cursor: Int64(try Self.get(.cursor, db) ?? "0") ?? 0,
                movedClaims: Int(try Self.get(.pullMoved, db) ?? "0") ?? 0,
                orphanedClaims: Int(try Self.get(.pullOrphaned, db) ?? "0") ?? 0, problems: problems)
        }
    }

    /// The verdicts this workspace holds from the server as last pulled (withdrawn ones too, marked deleted;
    /// local edits not applied), by id.
    public func pulledVerdicts() throws -> [String: Verdict] {
        try db.read { db in
            try String.fetchAll(db, sql: "SELECT json FROM verdicts").map { try Self.decode(Verdict.self, $0) }
        }.reduce(into: [:]) { $0[$1.id] = $1 }
    }
}
