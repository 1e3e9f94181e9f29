import Foundation
import GRDB
import VerdictShared

/// The user's view: the server's records with local edits on top, inside a caller's transaction.
extension Workspace {
    static func localClaim(_ claim: Claim) -> LocalClaim {
        LocalClaim(
            id: claim.id, articleId: claim.articleId, revision: claim.revision, quote: claim.quote,
            prefix: claim.prefix,
            suffix: claim.suffix, start: claim.start, end: claim.end, status: claim.status.rawValue,
            anchoring: claim.anchoring.rawValue, updatedAt: claim.updatedAt, pending: false, linkedTo: claim.linkedTo)
    }

    /// Claims marked here and not yet confirmed, on one article or all.
    static func pendingClaims(articleId: String?, _ db: Database) throws -> [LocalClaim] {
        try entries(where: "type = 'claim'", [], db).compactMap { entry in
            guard entry.mutation.op == .put, case .claim(let input) = entry.mutation.record,
                articleId == nil || input.articleId == articleId, let start = input.start, let end = input.end,
                try claim(id: entry.mutation.id ?? "", db) == nil
            else { return nil }
            let body = try article(id: input.articleId, db)?.body ?? ""
            let context = TextAnchor.context(of: body, start: start, end: end)
            return LocalClaim(
                id: entry.mutation.id ?? "", articleId: input.articleId, revision: input.revision ?? 1,
                quote: input.quote, prefix: context.prefix, suffix: context.suffix, start: start, end: end,
                status: "active", anchoring: ClaimAnchoring.exact.rawValue, updatedAt: nil, pending: true)
        }
    }

    /// The user's verdict edits in the outbox, by claim, oldest first (few: they are unpushed edits).
    static func verdictEditsByClaim(_ db: Database) throws -> [String: [OutboxEntry]] {
        Dictionary(grouping: try entries(where: "type = 'verdict'", [], db)) { $0.claimId ?? "" }
    }

    /// An article's active claims in text order, each with the user's verdict. Pass `edits` (from
    /// ``verdictEditsByClaim(_:)``) when listing many articles, to read the outbox once.
    static func ratedClaims(
        articleId: String, user: String, edits: [String: [OutboxEntry]]? = nil, _ db: Database
    ) throws -> [RatedClaim] {
        // Claims withdrawn or re-attached here and not yet pushed already look so to the user.
        let claimEdits = try entries(where: "type = 'claim' AND state = 'pending'", [], db)
        let withdrawn = Set(claimEdits.filter { $0.mutation.op == .delete }.compactMap(\.mutation.id))
        var reattached: [String: ClaimInput] = [:]
        for edit in claimEdits where edit.mutation.op == .put {
            if case .claim(let input) = edit.mutation.record, input.start != nil, let id = edit.mutation.id {
                reattached[id] = input
            }
        }
        let article = try article(id: articleId, db)
        let claims =
            try serverClaims(articleId: articleId, db).filter { $0.status == .active && !withdrawn.contains($0.id) }
            .map { claim -> LocalClaim in
                guard let input = reattached[claim.id], let start = input.start, let end = input.end else {
                    return localClaim(claim)
                }
                let context = TextAnchor.context(of: article?.body ?? "", start: start, end: end)
                return LocalClaim(
                    id: claim.id, articleId: claim.articleId, revision: input.revision ?? claim.revision,
                    quote: input.quote, prefix: context.prefix, suffix: context.suffix, start: start, end: end,
                    status: claim.status.rawValue, anchoring: ClaimAnchoring.moved.rawValue, updatedAt: claim.updatedAt,
                    pending: false)
            } + pendingClaims(articleId: articleId, db)
        let edits = try edits ?? verdictEditsByClaim(db)
        // The user's server verdicts on this article's claims, in one query.
        let server = try String.fetchAll(
            db,
            sql: """
                SELECT v.json FROM verdicts v JOIN claims c ON c.id = v.claim_id
                WHERE c.article_id = ? AND v.reviewer = ? AND v.deleted = 0
                """, arguments: [articleId, user]
        ).map { try decode(Verdict.self, $0) }
        let serverByClaim = Dictionary(server.map { ($0.claimId, $0) }) { first, _ in first }
        return claims.sorted { ($0.start, $0.end, $0.id) < ($1.start, $1.end, $1.id) }.map { claim in
            let local: LocalVerdict =
                if let latest = edits[claim.id]?.last {
                    latest.verdictInput.map { .edited($0, latest) } ?? .deleted(latest)
                } else if let verdict = serverByClaim[claim.id] {
                    .server(verdict)
                } else {
                    .unrated
                }
            // Given before the correction that moved the claim (timestamps are ISO 8601 in UTC: text order is
            // time order).
            var givenAt: String?
            switch local {
            case .server(let verdict): givenAt = verdict.updatedAt
            case .edited(_, let entry): givenAt = entry.updatedAt
            case .unrated, .deleted: givenAt = nil
            }
            let secondLook =
                claim.anchoring == ClaimAnchoring.moved.rawValue && givenAt != nil && claim.updatedAt != nil
                && givenAt! < claim.updatedAt!
            return RatedClaim(
                claim: claim, verdict: local.input, editState: local.entry?.state.rawValue, secondLook: secondLook)
        }
    }

    /// Per article: its active claims (with those marked here) and how many carry the user's verdict, from
    /// aggregate queries plus the (small) outbox, so that listing a large workspace stays fast.
    static func articleCounts(user: String, _ db: Database) throws -> [String: (claims: Int, rated: Int)] {
        var counts: [String: (claims: Int, rated: Int)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT article_id, count(*) FROM claims WHERE status = 'active' GROUP BY article_id")
        {
            counts[row[0], default: (0, 0)].claims = row[1]
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT c.article_id, count(*) FROM verdicts v JOIN claims c ON c.id = v.claim_id
                WHERE v.reviewer = ? AND v.deleted = 0 AND c.status = 'active' GROUP BY c.article_id
                """, arguments: [user])
        {
            counts[row[0], default: (0, 0)].rated = row[1]
        }
        var articleOfClaim: [String: String] = [:]
        for claim in try pendingClaims(articleId: nil, db) {
            counts[claim.articleId, default: (0, 0)].claims += 1
            articleOfClaim[claim.id] = claim.articleId
        }
        for (claimId, edits) in try verdictEditsByClaim(db) {
            guard let latest = edits.last else { continue }
            var article = articleOfClaim[claimId]
            if article == nil, let claim = try claim(id: claimId, db), claim.status == .active {
                article = claim.articleId
            }
            guard let article else { continue }
            let hasServer = try serverVerdict(claimId: claimId, reviewer: user, db) != nil
            let hasLocal = latest.verdictInput != nil
            counts[article, default: (0, 0)].rated += (hasLocal ? 1 : 0) - (hasServer ? 1 : 0)
        }
        return counts
    }

    /// The shortest prefix of a claim id, at least 8 long, that no other claim here shares (checked against
    /// its neighbors in id order, so it is two index lookups).
    static func shortClaimID(_ id: String, pendingIDs: [String] = [], _ db: Database) throws -> String {
        let before = try String.fetchOne(
            db, sql: "SELECT id FROM claims WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [id])
        let after = try String.fetchOne(
            db, sql: "SELECT id FROM claims WHERE id > ? ORDER BY id LIMIT 1", arguments: [id])
        var length = 8
        for other in [before, after].compactMap({ $0 }) + pendingIDs where other != id {
            length = max(length, zip(id, other).prefix { $0 == $1 }.count + 1)
        }
        return String(id.prefix(length))
    }

    /// The shortest prefix of each id, at least `minimum` long, that no other id in `ids` shares.
    public static func shortIDs(_ ids: [String], minimum: Int = 8) -> [String: String] {
        let sorted = Array(Set(ids)).sorted()
        func common(_ a: String, _ b: String) -> Int {
            zip(a, b).prefix { $0 == $1 }.count
        }
        var result: [String: String] = [:]
        for (index, id) in sorted.enumerated() {
            var length = minimum
            if index > 0 { length = max(length, common(id, sorted[index - 1]) + 1) }
            if index + 1 < sorted.count { length = max(length, common(id, sorted[index + 1]) + 1) }
            result[id] = String(id.prefix(length))
        }
        return result
    }

    /// A claim by id (server or local), for commands that take one.
    static func anyClaim(id: String, _ db: Database) throws -> LocalClaim? {
        if let claim = try claim(id: id, db) { return localClaim(claim) }
        return try pendingClaims(articleId: nil, db).first { $0.id == id }
    }
}
