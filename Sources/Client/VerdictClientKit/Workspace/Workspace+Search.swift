import Foundation
import GRDB
import VerdictShared

/// Which claims a search or listing keeps; every filter set must hold.
public struct ClaimFilters: Sendable, Equatable {
    /// Claims of this article (id or unique prefix).
    public var article: String?
    /// Claims the user has no verdict on (unpushed edits counted).
    public var unratedByMe = false
    /// Unpublished claims whose verdicts reach the desk's quorum of verdicts without a consensus that meets it.
    public var disputed = false
    public var published = false
    /// Claims a correction removed the quote of.
    public var orphaned = false
    /// Claims this reviewer has a live verdict on (as far as this workspace can see).
    public var reviewer: String?

    public init(
        article: String? = nil, unratedByMe: Bool = false, disputed: Bool = false, published: Bool = false,
        orphaned: Bool = false, reviewer: String? = nil
    ) {
        self.article = article
        self.unratedByMe = unratedByMe
        self.disputed = disputed
        self.published = published
        self.orphaned = orphaned
        self.reviewer = reviewer
    }

    /// Whether any filter on the claims themselves is set (the article filter aside).
    public var filtersClaims: Bool { unratedByMe || disputed || published || orphaned || reviewer != nil }
}

/// What `verdict search` found.
public struct SearchResults: Encodable, Sendable {
    public struct ClaimHit: Encodable, Sendable, Equatable {
        public let claimId: String
        public let articleId: String
        public let articleTitle: String
        public let quote: String
        public let anchoring: String
        /// The user's label, nil when unrated.
        public let myLabel: String?
        /// Live verdicts on it in this workspace.
        public let verdicts: Int
        /// The published label, if it is published.
        public let published: String?
    }

    public struct ArticleHit: Encodable, Sendable, Equatable {
        public let articleId: String
        public let title: String
        public let source: String
        /// The matching words in their context, `[`marked`]`.
        public let snippet: String
    }

    public let claims: [ClaimHit]
    public let articles: [ArticleHit]
    /// More matched than `limit` allowed.
    public let truncated: Bool
}

extension Workspace {
    /// Full-text search (SQLite FTS5, words matched by prefix, accents ignored) over the claims' quotes and the
    /// articles' titles and texts, with `filters` on the claims; without text, the claims the filters keep. At
    /// most `limit` of each, best matches first (claims without text in reading order).
    public func search(_ text: String?, filters: ClaimFilters, limit: Int) throws -> SearchResults {
        let user = try identity().user
        let scale = try scale()
        let workflow = try desk().workflow
        let match = text.flatMap(Self.matchExpression)
        if let text, match == nil, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ClientError("search for words or numbers; '\(text.prefix(40))' has none")
        }
        return try db.read { db in
            let article = try filters.article.map { try Self.articleID($0, db) }
            // Candidate claims: active ones of the article, or matching the text, in rank or reading order.
            var sql = """
                SELECT c.id FROM claims c\(match == nil ? "" : " JOIN claim_search s ON s.rowid = c.rowid")
                WHERE c.status = 'active'
                """
            var arguments: StatementArguments = []
            if let match {
                sql += " AND claim_search MATCH ?"
                arguments += [match]
            }
            if let article {
                sql += " AND c.article_id = ?"
                arguments += [article]
            }
            sql += match == nil ? " ORDER BY c.article_id, c.start_offset, c.id" : " ORDER BY s.rank, c.id"
            let candidates = try String.fetchAll(db, sql: sql, arguments: arguments)
            let verdicts = try Self.liveVerdicts(ofClaims: candidates, db)
            let publications = try Self.currentPublications(ofClaims: candidates, db)
            var claims: [SearchResults.ClaimHit] = []
            var truncated = false
            for id in candidates {
                guard let claim = try Self.claim(id: id, db) else { continue }
                let mine = try Self.localVerdict(claimId: id, user: user, db).input
                let live = verdicts[id] ?? []
                if filters.unratedByMe && mine != nil { continue }
                if filters.published && publications[id] == nil { continue }
                if filters.orphaned && claim.anchoring != .orphaned { continue }
                if let reviewer = filters.reviewer {
                    let named = reviewer.lowercased()
                    let theirs =
                        named == user.lowercased() ? mine != nil : live.contains { $0.reviewer.lowercased() == named }
                    if !theirs { continue }
                }
                if filters.disputed {
                    guard publications[id] == nil else { continue }
                    let consensus = PublishedConsensus.majority(of: live.map(\.label), scale: scale)
                    guard consensus.verdicts >= workflow.quorumVerdicts,
                        workflow.reasonNeeded(publishing: consensus.label ?? "", consensus: consensus) != nil
                    else { continue }
                }
                guard claims.count < limit else {
                    truncated = true
                    break
                }
                let title =
                    try String.fetchOne(
                        db, sql: "SELECT json_extract(json, '$.title') FROM articles WHERE id = ?",
                        arguments: [claim.articleId]) ?? ""
                claims.append(
                    SearchResults.ClaimHit(
                        claimId: id, articleId: claim.articleId, articleTitle: title, quote: claim.quote,
                        anchoring: claim.anchoring.rawValue, myLabel: mine?.label, verdicts: live.count,
                        published: publications[id]?.label))
            }
            // Articles only for a text search without claim filters: the filters are about claims.
            var articles: [SearchResults.ArticleHit] = []
            if let match, !filters.filtersClaims {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.id, json_extract(a.json, '$.title'), json_extract(a.json, '$.source'),
                            snippet(article_search, -1, '[', ']', '\u{2026}', 12)
                        FROM article_search s JOIN articles a ON a.rowid = s.rowid
                        WHERE article_search MATCH ?\(article == nil ? "" : " AND a.id = ?")
                        ORDER BY s.rank, a.id LIMIT ?
                        """, arguments: [match] + (article.map { [$0] } ?? []) + [limit + 1])
                if rows.count > limit { truncated = true }
                articles = rows.prefix(limit).map {
                    SearchResults.ArticleHit(
                        articleId: $0[0], title: $0[1] ?? "", source: $0[2] ?? "",
                        snippet: ($0[3] as String? ?? "").replacingOccurrences(of: "\n", with: " "))
                }
            }
            return SearchResults(claims: claims, articles: articles, truncated: truncated)
        }
    }

    /// The user's words as an FTS5 query: every word and number must appear (as a prefix), nothing the user
    /// types is read as FTS5 syntax. Nil when there is no word.
    static func matchExpression(_ text: String) -> String? {
        var terms: [String] = []
        var current = ""
        for scalar in TextAnchor.normalize(text).unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                terms.append(current)
                current = ""
            }
        }
        if !current.isEmpty { terms.append(current) }
        guard !terms.isEmpty else { return nil }
        return terms.prefix(32).map { "\"\($0)\"*" }.joined(separator: " ")
    }
}

extension Workspace {
    /// Claims here that may state the same as a claim (by id or unique prefix), ranked as the server ranks them
    /// (``SimilarClaims/rank(claimId:quote:linkedTo:among:limit:)``); claims marked here and not yet pushed are
    /// among them.
    public func similarClaims(to prefix: String, limit: Int) throws -> SimilarClaims {
        try db.read { db in
            let id = try Self.claimID(prefix, db)
            guard let claim = try Self.anyClaim(id: id, db) else { throw ClientError("no claim \(id)") }
            let columns = """
                SELECT c.id, json_extract(c.json, '$.quote'), c.article_id, json_extract(a.json, '$.title'),
                    json_extract(a.json, '$.source'), json_extract(a.json, '$.published'), c.linked_to
                FROM claims c JOIN articles a ON a.id = c.article_id
                """
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM claims WHERE status = 'active'") ?? 0
            // A large workspace scores only the claims the full-text index finds sharing a word (best first):
            // tokenizing every claim would take seconds.
            let terms = Self.matchExpression(claim.quote)?.replacingOccurrences(of: "* \"", with: "* OR \"")
            let rows =
                if total > SimilarClaims.prefilterAbove, let terms {
                    try Row.fetchAll(
                        db,
                        sql: columns + """
                             JOIN claim_search s ON s.rowid = c.rowid
                            WHERE c.status = 'active' AND claim_search MATCH ? ORDER BY s.rank LIMIT ?
                            """, arguments: [terms, SimilarClaims.prefilterAbove])
                } else {
                    try Row.fetchAll(db, sql: columns + " WHERE c.status = 'active' ORDER BY c.id")
                }
            var candidates = rows.map {
                SimilarClaims.Candidate(
                    claimId: $0[0], quote: $0[1], articleId: $0[2], articleTitle: $0[3] ?? "",
                    articleSource: $0[4] ?? "",
                    published: $0[5], linkedTo: $0[6])
            }
            for pending in try Self.pendingClaims(articleId: nil, db) {
                let article = try Self.article(id: pending.articleId, db)
                candidates.append(
                    SimilarClaims.Candidate(
                        claimId: pending.id, quote: pending.quote, articleId: pending.articleId,
                        articleTitle: article?.title ?? "", articleSource: article?.source ?? "",
                        published: article?.published, linkedTo: nil))
            }
            return SimilarClaims.rank(
                claimId: id, quote: claim.quote, linkedTo: claim.linkedTo, among: candidates, limit: limit)
        }
    }
}
