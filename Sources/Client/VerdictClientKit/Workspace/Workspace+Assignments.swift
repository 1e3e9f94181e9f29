import Foundation
import GRDB
import VerdictShared

/// An assignment as the workspace has it: the server's live one, overlaid with an editor's unpushed edit.
public struct AssignmentEntry: Encodable, Sendable, Equatable {
    public let id: String
    public let reviewer: String
    public let claimId: String?
    public let articleId: String?
    public let due: String?
    /// The claim's quote or the article's title.
    public let what: String
    public let assignedBy: String?
    /// `pending`, `conflict` or `rejected` when an edit of it waits in the outbox.
    public let local: String?
    public let localReason: String?
}

/// One claim of the user's review queue.
public struct QueueItem: Sendable {
    public let article: Article
    public let claim: RatedClaim
    /// Assigned to the user, by claim or by article.
    public let assigned: Bool
    /// The earliest due day of the assignments that cover it.
    public let due: String?
    /// Unrated and past its due day (UTC).
    public let overdue: Bool
    /// Live verdicts on it known here; nil when blind review keeps the count out of this workspace.
    public let verdicts: Int?
    /// Live verdicts wanted on it: its article's target, else the desk's.
    public let targetVerdicts: Int
}

/// What `assign` or `unassign` queued.
public enum AssignmentChange: Sendable, Equatable {
    case assigned(AssignmentEntry)
    /// The reviewer already had it: only the due day changed (or nothing, when `changed` is false).
    case updated(AssignmentEntry, changed: Bool)
    case unassigned(AssignmentEntry)
}

extension Workspace {
    /// What an id or prefix names among claims and articles: a claim, else an article (an ambiguous prefix that
    /// matches both is an error).
    func claimOrArticle(_ prefix: String, _ db: Database) throws -> (claimId: String?, articleId: String?) {
        let claim = Result { try Self.claimID(prefix, db) }
        let article = Result { try Self.articleID(prefix, db) }
        switch (claim, article) {
        case (.success(let claim), .success(let article)):
            if claim == prefix { return (claim, nil) }
            if article == prefix { return (nil, article) }
            throw ClientError(
                "'\(prefix)' starts both claim \(claim.prefix(12)) and article \(article.prefix(12)); type more of the id"
            )
        case (.success(let claim), .failure): return (claim, nil)
        case (.failure, .success(let article)): return (nil, article)
        case (.failure(let error), .failure):
            if "\(error)".contains("ambiguous") { throw error }
            throw ClientError(
                "no claim or article '\(prefix)' in this workspace (run `verdict pull` to fetch new ones)")
        }
    }

    /// Assigns a claim or a whole article (by id or unique prefix) to a reviewer, optionally by a day (editors).
    /// Assigning what the reviewer already has changes its due day when one is given.
    @discardableResult
    public func assign(_ target: String, to reviewer: String, due: String?) throws -> AssignmentChange {
        try requireEditor("assign claims")
        let name = reviewer.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ClientError("give the reviewer's user name (--to NAME)") }
        if let due, !Timestamp.isDay(due) { throw ClientError("the due day must be YYYY-MM-DD, not '\(due)'") }
        return try db.write { db in
            let (claimId, articleId) = try claimOrArticle(target, db)
            if let claimId, let claim = try Self.anyClaim(id: claimId, db), claim.status != "active" {
                throw ClientError("claim \(claimId) is withdrawn; it takes no verdicts")
            }
            let live = try Self.liveAssignments(db).first {
                $0.reviewer.lowercased() == name.lowercased() && $0.claimId == claimId && $0.articleId == articleId
            }
            let edits = try Self.entries(where: "type = 'assignment' AND record_id = ?", [live?.id ?? ""], db)
            if let live {
                // A refused edit is made again (fixed by this one); otherwise only a new due day changes anything.
                let refused = live.local == "rejected" || live.local == "conflict"
                guard refused || (due != nil && due != live.due) else { return .updated(live, changed: false) }
                let input = AssignmentInput(
                    id: live.id, reviewer: live.reviewer, claimId: claimId, articleId: articleId, due: due ?? live.due)
                try Self.queueAssignment(input, op: .put, id: live.id, edits: edits, db)
                return .updated(try Self.entry(id: live.id, db) ?? live, changed: true)
            }
            // Unassigned before (a tombstone): restore that record; otherwise a new one.
            let tombstone = try String.fetchOne(
                db,
                sql: """
                    SELECT id FROM assignments WHERE deleted = 1 AND lower(reviewer) = lower(?)
                        AND claim_id IS ? AND article_id IS ?
                    """, arguments: [name, claimId, articleId])
            let id = tombstone ?? RecordID.make()
            let input = AssignmentInput(id: id, reviewer: name, claimId: claimId, articleId: articleId, due: due)
            try Self.queueAssignment(
                input, op: .put, id: id,
                edits: try Self.entries(where: "type = 'assignment' AND record_id = ?", [id], db), db)
            guard let entry = try Self.entry(id: id, db) else { throw ClientError("the assignment was not saved") }
            return .assigned(entry)
        }
    }

    /// Withdraws a reviewer's assignment of a claim or article (editors).
    @discardableResult
    public func unassign(_ target: String, from reviewer: String) throws -> AssignmentChange {
        try requireEditor("unassign claims")
        return try db.write { db in
            let (claimId, articleId) = try claimOrArticle(target, db)
            guard
                let live = try Self.liveAssignments(db).first(where: {
                    $0.reviewer.lowercased() == reviewer.lowercased() && $0.claimId == claimId
                        && $0.articleId == articleId
                })
            else {
                throw ClientError(
                    "\(reviewer) has no assignment of \(claimId.map { "claim \($0)" } ?? "article \(articleId ?? "")")")
            }
            let edits = try Self.entries(where: "type = 'assignment' AND record_id = ?", [live.id], db)
            let onServer =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM assignments WHERE id = ?)", arguments: [live.id]) ?? false
            if !onServer, !edits.contains(where: { $0.state == .pending && $0.sent }) {
                // The server never applied it: forgetting the edits is the whole unassignment.
                for edit in edits { try Self.remove(edit, db) }
            } else {
                try Self.queueAssignment(nil, op: .delete, id: live.id, claimId: live.claimId, edits: edits, db)
            }
            return .unassigned(live)
        }
    }

    /// Live assignments here (the server's with unpushed edits applied), optionally of one reviewer, by
    /// reviewer then due day.
    public func assignments(reviewer: String? = nil) throws -> [AssignmentEntry] {
        try db.read { db in
            try Self.liveAssignments(db).filter { entry in
                reviewer.map { entry.reviewer.lowercased() == $0.lowercased() } ?? true
            }
        }
    }

    /// The user's review queue: claims assigned to them and not yet rated (or moved since they rated them),
    /// by due day then reading order; then unassigned claims they have not rated that still lack their
    /// article's target of verdicts (the desk's unless the article sets one) and are not published. Under blind review the others' verdicts are not here, so
    /// every unpublished claim the user has not rated is listed.
    public func queue(article prefix: String? = nil) throws -> [QueueItem] {
        let user = try identity().user
        let workflow = try desk().workflow
        let hidden = try othersVerdictsWithheld()
        let today = Timestamp.today()
        return try db.read { db in
            let ids =
                try prefix.map { [try Self.articleID($0, db)] }
                ?? String.fetchAll(db, sql: "SELECT id FROM articles ORDER BY id")
            let mine = try Self.liveAssignments(db).filter { $0.reviewer.lowercased() == user.lowercased() }
            func earliest(_ days: [String?]) -> String? { days.compactMap { $0 }.min() }
            var claimDue: [String: [String?]] = [:]
            var articleDue: [String: [String?]] = [:]
            for assignment in mine {
                if let claim = assignment.claimId { claimDue[claim, default: []].append(assignment.due) }
                if let article = assignment.articleId { articleDue[article, default: []].append(assignment.due) }
            }
            let counts = Dictionary(
                try Row.fetchAll(
                    db, sql: "SELECT claim_id, count(*) FROM verdicts WHERE deleted = 0 GROUP BY claim_id"
                ).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: { first, _ in first })
            let published = Set(try String.fetchAll(db, sql: "SELECT DISTINCT claim_id FROM publications"))
            let edits = try Self.verdictEditsByClaim(db)
            var assigned: [(item: QueueItem, order: Int)] = []
            var others: [QueueItem] = []
            for id in ids {
                guard let article = try Self.article(id: id, db) else { continue }
                for claim in try Self.ratedClaims(articleId: id, user: user, edits: edits, db)
                where claim.verdict == nil || claim.secondLook {
                    let dues = (claimDue[claim.claim.id] ?? []) + (articleDue[id] ?? [])
                    let isAssigned = claimDue[claim.claim.id] != nil || articleDue[id] != nil
                    let due = earliest(dues)
                    let verdicts = hidden ? nil : counts[claim.claim.id] ?? 0
                    let item = QueueItem(
                        article: article, claim: claim, assigned: isAssigned, due: due,
                        overdue: claim.verdict == nil && due.map { $0 < today } ?? false, verdicts: verdicts,
                        targetVerdicts: article.targetVerdicts ?? workflow.targetVerdicts)
                    if isAssigned {
                        assigned.append((item, assigned.count))
                    } else if !published.contains(claim.claim.id),
                        claim.secondLook
                            || verdicts.map({ $0 < (article.targetVerdicts ?? workflow.targetVerdicts) }) ?? true
                    {
                        others.append(item)
                    }
                }
            }
            // By due day (none last), then the reading order they were gathered in.
            let ordered = assigned.sorted { ($0.item.due ?? "9999", $0.order) < ($1.item.due ?? "9999", $1.order) }
            return ordered.map(\.item) + others
        }
    }

    /// Coverage computed from this workspace: per article, its active claims, how many have the desk's target
    /// of live verdicts and its live verdicts; per reviewer with an assignment there, assigned, rated and
    /// overdue. A reviewer gets their own rows only, as from the server; under blind review the verdict counts
    /// are those of the verdicts this workspace holds.
    public func coverage(article prefix: String? = nil) throws -> Coverage {
        let user = try identity().user
        let workflow = try desk().workflow
        // As the server answers: editors see every reviewer, a reviewer their own rows.
        let ownRowsOnly = try get(.role) == "reviewer"
        let today = Timestamp.today()
        return try db.read { db in
            let ids =
                try prefix.map { [try Self.articleID($0, db)] }
                ?? String.fetchAll(db, sql: "SELECT id FROM articles ORDER BY id")
            // The live assignments by the article they concern (a claim's by its claim's article), read once.
            var live: [String: [AssignmentEntry]] = [:]
            for assignment in try Self.liveAssignments(db) {
                let article =
                    try assignment.articleId
                    ?? assignment.claimId.flatMap {
                        try String.fetchOne(db, sql: "SELECT article_id FROM claims WHERE id = ?", arguments: [$0])
                    }
                if let article { live[article, default: []].append(assignment) }
            }
            var articles: [Coverage.ArticleRow] = []
            var reviewers: [Coverage.ReviewerRow] = []
            for id in ids {
                guard let article = try Self.article(id: id, db) else { continue }
                let claims = try String.fetchAll(
                    db, sql: "SELECT id FROM claims WHERE article_id = ? AND json_extract(json, '$.status') = 'active'",
                    arguments: [id])
                let claimSet = Set(claims)
                var perClaim: [String: Set<String>] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT v.claim_id, lower(v.reviewer) FROM verdicts v JOIN claims c ON c.id = v.claim_id
                        WHERE c.article_id = ? AND v.deleted = 0
                        """, arguments: [id])
                {
                    perClaim[row[0], default: []].insert(row[1])
                }
                let verdicts = claims.reduce(0) { $0 + (perClaim[$1]?.count ?? 0) }
                let target = article.targetVerdicts ?? workflow.targetVerdicts
                let covered = claims.filter { (perClaim[$0]?.count ?? 0) >= target }.count
                articles.append(
                    Coverage.ArticleRow(
                        article: id, title: article.title, claims: claims.count, covered: covered, verdicts: verdicts,
                        targetVerdicts: target))
                var byReviewer: [String: [String: String?]] = [:]
                for assignment in live[id] ?? [] {
                    let covers: [String] =
                        if let claim = assignment.claimId { claimSet.contains(claim) ? [claim] : [] } else { claims }
                    for claim in covers {
                        let previous = byReviewer[assignment.reviewer]?[claim] ?? nil
                        let due = [previous, assignment.due].compactMap { $0 }.min()
                        byReviewer[assignment.reviewer, default: [:]][claim] = .some(due)
                    }
                }
                for (reviewer, claimsDue) in byReviewer.sorted(by: { $0.key < $1.key }) {
                    if ownRowsOnly && reviewer.lowercased() != user.lowercased() { continue }
                    var rated = 0
                    var overdue = 0
                    for (claim, due) in claimsDue {
                        let isMine = reviewer.lowercased() == user.lowercased()
                        let done =
                            try isMine
                            ? Self.localVerdict(claimId: claim, user: user, db).input != nil
                            : perClaim[claim]?.contains(reviewer.lowercased()) ?? false
                        if done { rated += 1 } else if let due, due < today { overdue += 1 }
                    }
                    reviewers.append(
                        Coverage.ReviewerRow(
                            article: id, reviewer: reviewer, assigned: claimsDue.count, rated: rated, overdue: overdue))
                }
            }
            return Coverage(
                targetVerdicts: workflow.targetVerdicts, today: today, articles: articles, reviewers: reviewers,
                next: nil)
        }
    }

    /// Whether blind review keeps other reviewers' verdicts out of this workspace (until the user rates a claim).
    public func othersVerdictsWithheld() throws -> Bool {
        try desk().workflow.blindReview && get(.role) == "reviewer" && get(.seesAll) != "1"
    }

    // MARK: Helpers

    func requireEditor(_ action: String) throws {
        guard let role = try get(.role), role == "editor" || role == "admin" else {
            throw ClientError("only editors and admins \(action); you are signed in as a reviewer", forbidden: true)
        }
    }

    /// Queues an assignment edit: an unsent or refused edit of the same record is rewritten in place; otherwise
    /// a new edit from the server's current version (or the version the edit in flight will make).
    /// `claimId` files the edit under its claim (a claim assignment), so that `verdict resolve CLAIM` settles it.
    static func queueAssignment(
        _ input: AssignmentInput?, op: MutationOp, id: String, claimId: String? = nil, edits: [OutboxEntry],
        _ db: Database
    ) throws {
        let server = try Int.fetchOne(db, sql: "SELECT version FROM assignments WHERE id = ?", arguments: [id])
        let claimId = input?.claimId ?? claimId
        if let latest = edits.last, !latest.sent || latest.state != .pending {
            let base = latest.state == .pending ? latest.mutation.baseVersion : server
            let mutation = Mutation(
                mutationId: latest.state == .pending ? latest.mutation.mutationId : RecordID.make(), type: .assignment,
                op: op, id: id, baseVersion: base, record: input.map { .assignment($0) })
            try replace(latest, with: mutation, claimId: claimId, db)
            return
        }
        let base = edits.last.map { ($0.mutation.baseVersion ?? 0) + 1 } ?? server
        try enqueue(
            Mutation(
                mutationId: RecordID.make(), type: .assignment, op: op, id: id, baseVersion: base,
                record: input.map { .assignment($0) }), claimId: claimId, db)
    }

    static func entry(id: String, _ db: Database) throws -> AssignmentEntry? {
        try liveAssignments(db).first { $0.id == id }
    }

    /// The live assignments: the server's, with the latest unpushed edit of each applied.
    static func liveAssignments(_ db: Database) throws -> [AssignmentEntry] {
        var byId: [String: (assignment: AssignmentInput?, by: String?, state: String?, reason: String?)] = [:]
        for json in try String.fetchAll(db, sql: "SELECT json FROM assignments WHERE deleted = 0") {
            let server = try decode(Assignment.self, json)
            byId[server.id] = (
                AssignmentInput(
                    id: server.id, reviewer: server.reviewer, claimId: server.claimId, articleId: server.articleId,
                    due: server.due), server.assignedBy, nil, nil
            )
        }
        for edit in try entries(where: "type = 'assignment'", [], db) {
            guard let id = edit.mutation.id else { continue }
            let input: AssignmentInput? =
                if edit.mutation.op == .put, case .assignment(let input) = edit.mutation.record { input } else { nil }
            // A refused edit leaves the server's state as it was; it still shows, with its state.
            if edit.state == .pending {
                byId[id] = (input, nil, edit.state.rawValue, nil)
            } else if let current = byId[id] {
                byId[id] = (current.assignment, current.by, edit.state.rawValue, edit.reason)
            } else if let input {
                byId[id] = (input, nil, edit.state.rawValue, edit.reason)
            }
        }
        var result: [AssignmentEntry] = []
        for (id, entry) in byId {
            guard let input = entry.assignment else { continue }
            let what: String
            if let claim = input.claimId {
                what = try anyClaim(id: claim, db)?.quote ?? claim
            } else {
                what = try input.articleId.flatMap { try article(id: $0, db)?.title } ?? input.articleId ?? ""
            }
            result.append(
                AssignmentEntry(
                    id: id, reviewer: input.reviewer, claimId: input.claimId, articleId: input.articleId,
                    due: input.due,
                    what: what, assignedBy: entry.by, local: entry.state, localReason: entry.reason))
        }
        return result.sorted { ($0.reviewer, $0.due ?? "9999", $0.id) < ($1.reviewer, $1.due ?? "9999", $1.id) }
    }
}
