import Foundation
import GRDB
import VerdictShared

/// What an editor changes in an article: what is left nil is kept.
public struct ArticleChange: Sendable, Equatable {
    public var title: String?
    public var source: String?
    public var url: String?
    public var published: String?
    public var body: String?
    /// Verdicts wanted per claim; 0 for the desk's default.
    public var target: Int?

    public init(
        title: String? = nil, source: String? = nil, url: String? = nil, published: String? = nil, body: String? = nil,
        target: Int? = nil
    ) {
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.body = body
        self.target = target
    }

    public var isEmpty: Bool { self == ArticleChange() }
}

/// Editors' article edits, offline like every edit: an added article is readable and can take claims here at
/// once (as version 0, until the server's version 1 replaces it), a correction goes with the next push and the
/// server re-anchors the claims.
extension Workspace {
    /// Adds an article (editors); returns its new id.
    @discardableResult
    public func addArticle(_ input: ArticleInput) throws -> String {
        try requireEditor("add articles")
        var input = input
        let id = input.id ?? RecordID.make()
        input.id = id
        input.body = TextAnchor.normalize(input.body)
        input.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.check(input)
        let user = try identity().user
        return try db.write { db in
            let hash = ContentHash.sha256Hex(input.body)
            if let same = try String.fetchOne(
                db, sql: "SELECT id FROM articles WHERE json_extract(json, '$.contentHash') = ?", arguments: [hash])
            {
                throw ClientError("article \(same.prefix(8)) already has exactly this text")
            }
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .article, op: .put, id: id, baseVersion: nil,
                    record: .article(input)), claimId: nil, db)
            // The local copy, at version 0 so that the server's first version replaces it when pulled or pushed.
            let now = Timestamp.now()
            let article = Article(
                id: id, version: 0, revision: 1, title: input.title,
                source: (input.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines), url: input.url,
                published: input.published, body: input.body, contentHash: hash, createdBy: user, updatedBy: user,
                createdAt: now, updatedAt: now, targetVerdicts: input.targetVerdicts)
            try db.execute(
                sql: "INSERT INTO articles (id, version, json) VALUES (?, 0, ?)",
                arguments: [id, String(decoding: try JSONEncoder().encode(article), as: UTF8.self)])
            return id
        }
    }

    /// Queues a correction of an article (editors): the fields named change, the rest is kept. A new body makes a
    /// new revision on the server, which re-anchors the claims; until the push the workspace shows the current one.
    public func correctArticle(_ prefix: String, _ change: ArticleChange) throws -> (id: String, newText: Bool) {
        try requireEditor("correct articles")
        return try db.write { db in
            let id = try Self.articleID(prefix, db)
            guard let article = try Self.article(id: id, db) else { throw ClientError("no article \(id)") }
            guard article.version > 0 else {
                throw ClientError("article \(id.prefix(8)) is not on the server yet; push it first, then correct it")
            }
            let edits = try Self.entries(where: "type = 'article' AND record_id = ?", [id], db)
            // Corrections made here and not yet pushed build on each other.
            var base = ArticleInput(
                id: id, title: article.title, source: article.source, url: article.url,
                published: article.published, body: article.body)
            if let latest = edits.last, latest.state == .pending, case .article(let pending) = latest.mutation.record {
                base = pending
            }
            var input = base
            if let title = change.title { input.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let source = change.source { input.source = source }
            if let url = change.url { input.url = url.isEmpty ? nil : url }
            if let published = change.published { input.published = published.isEmpty ? nil : published }
            if let body = change.body { input.body = TextAnchor.normalize(body) }
            if let target = change.target, target != (article.targetVerdicts ?? 0) { input.targetVerdicts = target }
            guard input != base else {
                throw ClientError("nothing changes in article \(id.prefix(8)); the correction is not queued")
            }
            try Self.check(input)
            let newText = input.body != article.body
            if let latest = edits.last, !latest.sent || latest.state != .pending {
                try Self.replace(
                    latest,
                    with: Mutation(
                        mutationId: latest.state == .pending ? latest.mutation.mutationId : RecordID.make(),
                        type: .article, op: .put, id: id,
                        baseVersion: latest.state == .pending ? latest.mutation.baseVersion : article.version,
                        record: .article(input)), claimId: nil, db)
            } else {
                let inFlight = edits.last.map { ($0.mutation.baseVersion ?? 0) + 1 }
                try Self.enqueue(
                    Mutation(
                        mutationId: RecordID.make(), type: .article, op: .put, id: id,
                        baseVersion: inFlight ?? article.version, record: .article(input)), claimId: nil, db)
            }
            return (id, newText)
        }
    }

    /// The article's text as the next correction would start from (an unpushed correction included).
    public func articleForEditing(_ prefix: String) throws -> ArticleInput {
        try db.read { db in
            let id = try Self.articleID(prefix, db)
            guard let article = try Self.article(id: id, db) else { throw ClientError("no article \(id)") }
            if let latest = try Self.entries(where: "type = 'article' AND record_id = ?", [id], db).last,
                latest.state == .pending, case .article(let pending) = latest.mutation.record
            {
                return pending
            }
            return ArticleInput(
                id: id, title: article.title, source: article.source, url: article.url, published: article.published,
                body: article.body)
        }
    }

    /// Restores a withdrawn claim (editors), with the next push.
    public func restoreClaim(_ prefix: String) throws -> String {
        try requireEditor("restore claims")
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            let edits = try Self.entries(where: "type = 'claim' AND record_id = ?", [id], db)
            if let latest = edits.last, latest.mutation.op == .delete, latest.state == .pending, !latest.sent {
                // A withdrawal made here and never sent: forgetting it restores the claim.
                try Self.remove(latest, db)
                return id
            }
            guard let claim = try Self.claim(id: id, db) else {
                throw ClientError("claim \(id.prefix(8)) is not on the server yet; it is not withdrawn")
            }
            guard claim.status == .withdrawn else { throw ClientError("claim \(id.prefix(8)) is not withdrawn") }
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: id, baseVersion: claim.version,
                    record: .claim(
                        ClaimInput(
                            id: id, articleId: claim.articleId, revision: claim.revision, quote: claim.quote,
                            start: claim.start, end: claim.end, status: .active))), claimId: id, db)
            return id
        }
    }

    /// The checks the server makes that can be made here, so that an edit is not refused only after the push.
    static func check(_ input: ArticleInput) throws {
        let limits = ContentLimits()
        guard !input.title.isEmpty else { throw ClientError("an article needs a title") }
        guard !input.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ClientError("an article needs a body text")
        }
        for (name, text, limit) in [
            ("title", input.title, limits.title), ("source", input.source ?? "", limits.source),
            ("url", input.url ?? "", limits.url), ("body", input.body, limits.body),
        ] where TextAnchor.length(text) > limit {
            throw ClientError("the \(name) is \(TextAnchor.length(text)) characters long; the limit is \(limit)")
        }
        if let url = input.url, !url.isEmpty, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ClientError("the article's url must start with http:// or https://, not '\(url.prefix(60))'")
        }
    }
}

extension Workspace {
    /// Links a claim (by id or unique prefix) as an appearance of another, the same proposition elsewhere
    /// (editors), or unlinks it (`to` nil); sent with the next push. Checked here as the server checks it: the
    /// other claim's own primary is taken when it is an appearance itself, and a claim with appearances of its
    /// own or a publication is not linked. Returns the claim's id and the primary it is now linked to.
    @discardableResult
    public func linkClaim(_ prefix: String, to target: String?) throws -> (claimId: String, primary: String?) {
        try requireEditor("link claims")
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            guard let claim = try Self.claim(id: id, db) else {
                throw ClientError("claim \(id.prefix(8)) is not on the server yet; push it first, then link it")
            }
            if try !Self.entries(where: "type = 'claim' AND record_id = ? AND state != 'pending'", [id], db).isEmpty {
                throw ClientError(
                    "an edit of claim \(id.prefix(8)) was stopped by the server; `verdict resolve \(id.prefix(8))` first"
                )
            }
            var primary: String?
            if let target {
                let otherID = try Self.claimID(target, db)
                guard var other = try Self.claim(id: otherID, db) else {
                    throw ClientError("claim \(otherID.prefix(8)) is not on the server yet; push it first")
                }
                if let higher = other.linkedTo, let resolved = try Self.claim(id: higher, db) { other = resolved }
                guard other.id != id else { throw ClientError("a claim cannot be an appearance of itself") }
                guard other.status == .active else {
                    throw ClientError("claim \(other.id.prefix(8)) is withdrawn; link to an active claim")
                }
                let own = try Int.fetchOne(db, sql: "SELECT count(*) FROM claims WHERE linked_to = ?", arguments: [id])
                if let own, own > 0 {
                    throw ClientError(
                        "claim \(id.prefix(8)) has \(own) appearance\(own == 1 ? "" : "s") of its own; link claim "
                            + "\(other.id.prefix(8)) to it instead")
                }
                if try !Self.publicationVersions(claimId: id, db).isEmpty {
                    throw ClientError(
                        "claim \(id.prefix(8)) is published; link claim \(other.id.prefix(8)) to it instead")
                }
                primary = other.id
            }
            guard primary != claim.linkedTo else {
                throw ClientError(
                    primary.map { "claim \(id.prefix(8)) is already an appearance of claim \($0.prefix(8))" }
                        ?? "claim \(id.prefix(8)) is not linked")
            }
            let pending = try Self.entries(where: "type = 'claim' AND record_id = ?", [id], db)
            let base = pending.last.map { ($0.mutation.baseVersion ?? claim.version) + 1 } ?? claim.version
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: id, baseVersion: base,
                    record: .claim(
                        ClaimInput(
                            id: id, articleId: claim.articleId, revision: claim.revision, quote: claim.quote,
                            start: claim.start, end: claim.end, linkedTo: primary ?? ""))), claimId: id, db)
            return (id, primary)
        }
    }
}
