import Foundation
import GRDB
import VerdictShared

/// A claim as the user sees it here: the server's, or one marked locally and not yet pushed.
struct LocalClaim: Encodable {
    let id: String
    let articleId: String
    let revision: Int
    let quote: String
    let prefix: String
    let suffix: String
    let start: Int
    let end: Int
    let status: String
    /// Marked here, not yet on the server.
    let pending: Bool
}

/// One claim with the user's verdict on it, for listings.
struct RatedClaim: Encodable {
    let claim: LocalClaim
    /// The user's verdict as it stands here (with unpushed edits), nil when none.
    let verdict: VerdictInput?
    /// `pending`, `conflict` or `rejected` when the verdict has an unconfirmed local edit.
    let editState: String?
}

extension Workspace {
    static func localClaim(_ claim: Claim) -> LocalClaim {
        LocalClaim(
            id: claim.id, articleId: claim.articleId, revision: claim.revision, quote: claim.quote,
            prefix: claim.prefix,
            suffix: claim.suffix, start: claim.start, end: claim.end, status: claim.status.rawValue, pending: false)
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
                status: "active", pending: true)
        }
    }

    /// An article's active claims in text order, each with the user's verdict.
    static func ratedClaims(articleId: String, user: String, _ db: Database) throws -> [RatedClaim] {
        let claims =
            try serverClaims(articleId: articleId, db).filter { $0.status == .active }.map(localClaim)
            + pendingClaims(articleId: articleId, db)
        return try claims.sorted { ($0.start, $0.end, $0.id) < ($1.start, $1.end, $1.id) }.map { claim in
            let local = try localVerdict(claimId: claim.id, user: user, db)
            return RatedClaim(claim: claim, verdict: local.input, editState: local.entry?.state.rawValue)
        }
    }

    /// A claim by id (server or local), for commands that take one.
    static func anyClaim(id: String, _ db: Database) throws -> LocalClaim? {
        if let claim = try claim(id: id, db) { return localClaim(claim) }
        return try pendingClaims(articleId: nil, db).first { $0.id == id }
    }
}
