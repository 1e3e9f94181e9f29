import Foundation
import GRDB
import VerdictShared

/// The user's edits, each one transaction on the workspace; the server learns of them with the next push.
extension Workspace {
    /// What marking a claim did.
    public struct MarkedClaim: Sendable {
        public let claim: LocalClaim
        /// The span was already marked (on the server or here): that claim is returned and nothing is added.
        public let alreadyMarked: Bool
        /// How often the quote appears in the article's current text.
        public let occurrences: Int
        /// The quote matched only when typographic variants (curly quotes, dashes, spaces) count as the same; the
        /// claim holds the article's own text.
        public let matchedLoosely: Bool
    }

    /// Marks a claim by its exact quote (compared after Unicode normalization) in an article's current text:
    /// the `occurrence`-th appearance, counting from 1 (the first when nil).
    public func markClaim(article prefix: String, quote: String, occurrence: Int?) throws -> MarkedClaim {
        try db.write { db in
            let id = try Self.articleID(prefix, db)
            guard let article = try Self.article(id: id, db) else { throw ClientError("no article \(id)") }
            let (start, end, normalized, occurrences, loosely) = try Self.find(
                quote, occurrence: occurrence, in: article)
            let same =
                try Self.serverClaims(articleId: id, db).filter { $0.revision == article.revision }
                .map(Self.localClaim) + Self.pendingClaims(articleId: id, db)
            if let known = same.first(where: { $0.start == start && $0.end == end }) {
                return MarkedClaim(
                    claim: known, alreadyMarked: true, occurrences: occurrences, matchedLoosely: loosely)
            }
            let claimID = RecordID.make()
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: claimID, baseVersion: nil,
                    record: .claim(
                        ClaimInput(
                            id: claimID, articleId: id, revision: article.revision, quote: normalized, start: start,
                            end: end))),
                claimId: claimID, db)
            let context = TextAnchor.context(of: article.body, start: start, end: end)
            return MarkedClaim(
                claim: LocalClaim(
                    id: claimID, articleId: id, revision: article.revision, quote: normalized, prefix: context.prefix,
                    suffix: context.suffix, start: start, end: end, status: "active",
                    anchoring: ClaimAnchoring.exact.rawValue, updatedAt: nil, pending: true),
                alreadyMarked: false, occurrences: occurrences, matchedLoosely: loosely)
        }
    }

    /// Where a quote typed by the user is in an article's current text: exactly, else with typographic variants
    /// folded (``TextAnchor/looseOccurrences(of:in:)``); several places need `occurrence` (the error lists them
    /// with their context). The quote returned is the article's own text.
    static func find(
        _ quote: String, occurrence: Int?, in article: Article
    ) throws -> (
        start: Int, end: Int, quote: String, occurrences: Int, loosely: Bool
    ) {
        let typed = TextAnchor.normalize(quote)
        var starts = TextAnchor.occurrences(of: typed, in: article.body)
        let loosely = starts.isEmpty
        if loosely { starts = TextAnchor.looseOccurrences(of: typed, in: article.body) }
        guard !starts.isEmpty else {
            throw ClientError(
                "the quote does not appear in \"\(article.title)\" (revision \(article.revision)); copy it exactly")
        }
        let length = TextAnchor.length(typed)
        guard occurrence != nil || starts.count == 1 else {
            let listed = starts.prefix(9).enumerated().map { index, start in
                let excerpt = TextExcerpt(of: article.body, start: start, end: start + length, budget: 70)
                let line =
                    (excerpt.cutBefore ? "\u{2026}" : "") + excerpt.before + "[>" + excerpt.quote + "<]"
                    + excerpt.after + (excerpt.cutAfter ? "\u{2026}" : "")
                return "  \(index + 1)  " + line.replacingOccurrences(of: "\n", with: " ")
            }
            throw ClientError(
                "the quote appears \(starts.count) times in \"\(article.title)\"; pick one with --occurrence N:\n"
                    + listed.joined(separator: "\n") + (starts.count > 9 ? "\n  ..." : ""))
        }
        let wanted = occurrence ?? 1
        guard wanted <= starts.count else {
            throw ClientError(
                "the quote appears \(starts.count) time\(starts.count == 1 ? "" : "s"), so there is no occurrence \(wanted)"
            )
        }
        let start = starts[wanted - 1]
        let end = start + length
        // The claim holds the article's own text (which differs from what was typed when matched loosely).
        let normalized = TextAnchor.string(Array(article.body.unicodeScalars)[start..<end])
        return (start, end, normalized, starts.count, loosely)
    }

    /// Sets the user's verdict on an active claim (by id or unique prefix) to `fields` (whose `claimId` is
    /// replaced by the claim's full id). Returns the claim's full id.
    @discardableResult
    public func rate(claim prefix: String, _ fields: VerdictInput) throws -> String {
        try rate(claim: prefix) { $0 = fields }
    }

    /// Changes the user's verdict on an active claim (by id or unique prefix): `change` gets the verdict as it
    /// stands here (the latest local edit, else the server's; a new one with an empty label when there is none)
    /// and changes what it names, so that everything else is kept. The label must be one of the desk's scale's
    /// ids. Returns the claim's full id.
    @discardableResult
    public func rate(claim prefix: String, changing change: (inout VerdictInput) -> Void) throws -> String {
        let user = try identity().user
        let scale = try scale()
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            guard let found = try Self.anyClaim(id: id, db) else { throw ClientError("no claim \(id)") }
            var fields =
                try Self.localVerdict(claimId: id, user: user, db).input ?? VerdictInput(claimId: id, label: "")
            change(&fields)
            fields.claimId = id
            guard scale.label(fields.label) != nil else {
                throw ClientError(
                    "'\(fields.label)' is not on the desk's scale; use one of: "
                        + scale.labels.map(\.id).joined(separator: ", "))
            }
            guard found.status == "active" else { throw ClientError("claim \(id) is withdrawn; it takes no verdicts") }
            try Self.rate(claimId: id, user: user, fields: fields, db)
            return id
        }
    }

    /// Withdraws the user's verdict on a claim (by id or unique prefix). Returns the claim's full id and
    /// whether there was a verdict to withdraw.
    @discardableResult
    public func unrate(claim prefix: String) throws -> (claimId: String, withdrawn: Bool) {
        let user = try identity().user
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            return (id, try Self.unrate(claimId: id, user: user, db))
        }
    }

    /// Settles the conflicts and rejected edits on a claim (by id or unique prefix): `keepMine` sends the user's
    /// edit again with the next push, on top of the server's current version (a rejected edit as it is);
    /// otherwise the user's edits on the claim are dropped and the server's side stands. Returns the claim's
    /// full id.
    @discardableResult
    public func resolve(claim prefix: String, keepMine: Bool) throws -> String {
        let user = try identity().user
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            let edits = try Self.entries(where: "claim_id = ?", [id], db)
            guard edits.contains(where: { $0.state != .pending }) else {
                throw ClientError("claim \(id.prefix(8)) has no conflict or rejected edit")
            }
            for edit in edits {
                if case .verdict(let server)? = edit.serverRecord { try Self.store(.verdict(server), db) }
            }
            let verdictEdits = edits.filter { $0.mutation.type == .verdict }
            guard keepMine else {
                for edit in edits { try Self.remove(edit, db) }
                return id
            }
            for edit in edits where edit.mutation.type != .verdict && edit.state != .pending {
                var again = edit.mutation
                again.mutationId = RecordID.make()
                try Self.replace(edit, with: again, claimId: edit.claimId, db)
            }
            if let intent = verdictEdits.last, verdictEdits.contains(where: { $0.state != .pending }) {
                // Re-made on top of the server's current verdict of this user on this claim.
                for edit in verdictEdits { try Self.remove(edit, db) }
                if let input = intent.verdictInput {
                    try Self.rate(claimId: id, user: user, fields: input, db)
                } else {
                    _ = try Self.unrate(claimId: id, user: user, db)
                }
            }
            return id
        }
    }

    /// Withdraws a claim (by id or unique prefix). One marked here and never sent is simply forgotten, with the
    /// user's verdict edits on it; otherwise the withdrawal goes with the next push, where the server allows it to
    /// editors, and to the reviewer who marked the claim while no one else has rated it (else it comes back
    /// rejected, with the reason, in `verdict status`). Returns the claim's full id and whether it was forgotten.
    @discardableResult
    public func withdrawClaim(_ prefix: String) throws -> (claimId: String, forgotten: Bool) {
        let user = try identity().user
        let reviewer = try get(.role) == "reviewer"
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            let edits = try Self.entries(where: "type = 'claim' AND record_id = ?", [id], db)
            if edits.contains(where: { $0.mutation.op == .delete && $0.state == .pending }) {
                throw ClientError("claim \(id.prefix(8)) is already withdrawn here; it goes with the next push")
            }
            if let mark = edits.first(where: { $0.mutation.op == .put }), !mark.sent, try Self.claim(id: id, db) == nil
            {
                for edit in try Self.entries(where: "claim_id = ?", [id], db) { try Self.remove(edit, db) }
                return (id, true)
            }
            guard let claim = try Self.claim(id: id, db) else { throw ClientError("no claim \(id)") }
            guard claim.status == .active else { throw ClientError("claim \(id.prefix(8)) is already withdrawn") }
            if reviewer {
                // What the server would refuse, as far as the pulled copy shows.
                guard claim.createdBy == user else {
                    throw ClientError(
                        "claim \(id.prefix(8)) was marked by \(claim.createdBy); only editors and admins can withdraw it",
                        forbidden: true)
                }
                let others =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM verdicts WHERE claim_id = ? AND deleted = 0 AND reviewer != ?",
                        arguments: [id, user]) ?? 0
                guard others == 0 else {
                    throw ClientError(
                        "claim \(id.prefix(8)) has other reviewers' verdicts; only an editor can withdraw it now",
                        forbidden: true)
                }
            }
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .delete, id: id, baseVersion: claim.version,
                    record: nil),
                claimId: id, db)
            return (id, false)
        }
    }

    /// Re-attaches an orphaned claim (by id or unique prefix) to a quote of its article's current text, as
    /// `markClaim` finds quotes; an editor's edit, sent with the next push. The claim keeps its id and verdicts.
    /// Returns the claim's full id and the quote as the article has it.
    @discardableResult
    public func reattachClaim(
        _ prefix: String, quote: String, occurrence: Int?
    ) throws -> (
        claimId: String, quote: String
    ) {
        guard try get(.role) != "reviewer" else {
            throw ClientError("only editors and admins can re-attach an orphaned claim", forbidden: true)
        }
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            guard let claim = try Self.claim(id: id, db) else {
                throw ClientError(
                    "claim \(id.prefix(8)) is not on the server yet; only an orphaned claim is re-attached")
            }
            guard claim.anchoring == .orphaned, claim.status == .active else {
                throw ClientError(
                    "claim \(id.prefix(8)) is not orphaned (it is \(claim.status == .active ? claim.anchoring.rawValue : "withdrawn")); "
                        + "only a claim a correction orphaned is re-attached")
            }
            guard let article = try Self.article(id: claim.articleId, db) else {
                throw ClientError("no article \(claim.articleId) here; run `verdict pull`")
            }
            let found = try Self.find(quote, occurrence: occurrence, in: article)
            try Self.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: id, baseVersion: claim.version,
                    record: .claim(
                        ClaimInput(
                            id: id, articleId: article.id, revision: article.revision, quote: found.quote,
                            start: found.start, end: found.end))),
                claimId: id, db)
            return (id, found.quote)
        }
    }
}
