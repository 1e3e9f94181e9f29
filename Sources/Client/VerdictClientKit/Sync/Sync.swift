import Foundation
import GRDB
import VerdictShared

/// Pull and push between a workspace and its server (the protocol is in docs/PROTOCOL.md).
public struct Sync {
    public let workspace: Workspace
    public let client: HTTPClient
    public let user: String
    /// Changes per pull page (1 to 5000; the server caps it too).
    public var pageSize = 1_000
    /// Edits per push request (1 to 5000); halved when the server finds a request too large.
    public var pushBatch = 1_000
    /// Told when the server's change log turns out to be another one (a restored backup): the local copy is
    /// emptied and pulled again from the start, local edits kept.
    public var onFeedReplaced: (() -> Void)?
    /// Called when blind review stops hiding other reviewers' verdicts from this user (the desk turned it off,
    /// or the user became an editor): the feed withheld changes below the cursor, so the pull starts again.
    public var onVisibilityWidened: (() -> Void)?

    /// Sync for the workspace's logged-in user.
    public init(workspace: Workspace, client: HTTPClient) throws {
        self.workspace = workspace
        self.client = client
        user = try workspace.identity().user
    }

    // MARK: Pull

    /// What a pull did.
    public struct PullSummary: Sendable {
        /// Changes received.
        public var changes = 0
        /// Claims a correction moved, or orphaned, that this pull brought.
        public var movedClaims = 0
        public var orphanedClaims = 0
    }

    /// Fetches every change after the cursor, one page per transaction: the cursor moves with the page it
    /// covers, so a pull killed at any moment resumes where the last whole page ended.
    public func pull(progress: (any SyncProgress)? = nil) throws -> PullSummary {
        var summary = PullSummary()
        var firstSeen: Set<String> = []
        var reanchored: [String: ClaimAnchoring] = [:]
        // The desk's scale and settings first: they say whether this user now sees verdicts the feed withheld.
        let scale = try client.json(VerdictScale.self, "GET", "/v1/scale", retry: true)
        let desk = try client.json(DeskInfo.self, "GET", "/v1/desk", retry: true)
        let me = try client.json(Me.self, "GET", "/v1/me", retry: true)
        let seesAll = !desk.workflow.blindReview || me.role != .reviewer
        try workspace.db.write { db in
            if seesAll, try Workspace.get(.seesAll, db) == "0", try Workspace.get(.cursor, db) != "0" {
                // Withheld changes sit below the cursor and are never sent again: page from the start (the
                // records held stay; a change is applied only when it is newer).
                onVisibilityWidened?()
                try Workspace.set(.cursor, "0", db)
            }
            try Workspace.set(.seesAll, seesAll ? "1" : "0", db)
            try Workspace.set(.role, me.role.rawValue, db)
            try Workspace.set(.scale, try Workspace.encode(scale), db)
            try Workspace.set(.desk, try Workspace.encode(desk), db)
        }
        var cursor = Int64(try workspace.get(.cursor) ?? "0") ?? 0
        var feed = try workspace.get(.feed)
        progress?.start(total: nil)
        defer { progress?.finish() }
        var ahead = fetchPage(since: cursor)
        // Whatever ends the pull, the page being fetched is waited for: the HTTP client is not used by two
        // threads at once, nor after the pull returns.
        defer { _ = try? ahead.result() }
        while true {
            let page = try ahead.result()
            if let known = feed, !page.feed.isEmpty, page.feed != known {
                // The server's change log was replaced (a restored backup): positions in it mean nothing now.
                onFeedReplaced?()
                try workspace.db.write { db in
                    // What the old log said may not hold in the new one: start from an empty copy. Local edits
                    // stay in the outbox; any made on versions the server no longer has come back as conflicts
                    // or rejections on the next push.
                    try db.execute(
                        sql: "DELETE FROM articles; DELETE FROM claims; DELETE FROM verdicts; DELETE FROM history; "
                            + "DELETE FROM publications; DELETE FROM claim_history; DELETE FROM assignments")
                    try Workspace.set(.feed, page.feed, db)
                    try Workspace.set(.cursor, "0", db)
                }
                feed = page.feed
                cursor = 0
                ahead = fetchPage(since: 0)
                continue
            }
            // The next page is fetched and decoded while this one commits. The cursor still moves only with a
            // committed page, so a pull killed at any moment resumes at the last whole page.
            ahead = page.hasMore ? fetchPage(since: page.next) : PageFetch(done: page)
            try workspace.db.write { db in
                if summary.changes == 0 {
                    try Workspace.set(.pullMoved, "0", db)
                    try Workspace.set(.pullOrphaned, "0", db)
                }
                for change in page.changes {
                    // Claims this workspace held before the pull that a correction now moved or orphaned, each
                    // counted once, as it ends up.
                    if case .claim(let claim) = change.record, !firstSeen.contains(claim.id) {
                        if let held = try Workspace.claim(id: claim.id, db) {
                            if held.version < claim.version,
                                held.revision != claim.revision || held.start != claim.start
                                    || held.anchoring != claim.anchoring
                            {
                                reanchored[claim.id] = claim.anchoring
                            }
                        } else {
                            firstSeen.insert(claim.id)
                        }
                    }
                    try Workspace.store(change.record, db)
                }
                summary.movedClaims = reanchored.values.filter { $0 == .moved }.count
                summary.orphanedClaims = reanchored.values.filter { $0 == .orphaned }.count
                try Workspace.set(.pullMoved, String(summary.movedClaims), db)
                try Workspace.set(.pullOrphaned, String(summary.orphanedClaims), db)
                try Workspace.set(.cursor, String(page.next), db)
                try Workspace.set(.feed, page.feed, db)
                try Workspace.set(.lastPull, Timestamp.now(), db)
            }
            feed = page.feed
            cursor = page.next
            summary.changes += page.changes.count
            progress?.advance(by: page.changes.count, note: "change \(cursor)")
            if !page.hasMore { break }
        }
        return summary
    }

    /// One feed page being fetched and decoded on another thread.
    private func fetchPage(since cursor: Int64) -> PageFetch {
        let fetch = PageFetch()
        let request = UncheckedBox((client, "/v1/changes?since=\(cursor)&limit=\(pageSize)"))
        Thread.detachNewThread {
            let (client, path) = request.value
            fetch.finish(Result { try client.json(ChangesPage.self, "GET", path, retry: true) })
        }
        return fetch
    }

    // MARK: Push

    /// What a push did: how the server answered the edits sent.
    public struct PushSummary: Sendable {
        public var applied = 0
        /// Claims marked here that the server merged into an existing claim with the same span.
        public var merged = 0
        public var conflicts = 0
        public var rejected = 0
        public var sent: Int { applied + merged + conflicts + rejected }
    }

    /// Sends pending edits in order, in batches, until none is left. Each answer is recorded in the same
    /// transaction that removes or marks the edit, so a push killed at any moment loses nothing: an edit whose
    /// answer was not recorded is sent again, and the server answers a repeated mutation id as before.
    public mutating func push(progress: (any SyncProgress)? = nil) throws -> PushSummary {
        var summary = PushSummary()
        let total = try workspace.db.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0
        }
        progress?.start(total: total)
        defer { progress?.finish() }
        var rounds = 0
        while true {
            // The outbox keeps each mutation as the JSON it is sent as: the body is spliced, not re-encoded.
            let batch = try workspace.db.write { db -> [(seq: Int64, json: String)] in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT seq, mutation FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
                    arguments: [pushBatch]
                ).map { (seq: $0[0] as Int64, json: $0[1] as String) }
                if let first = rows.first, let last = rows.last {
                    try db.execute(
                        sql: "UPDATE outbox SET sent = 1 WHERE state = 'pending' AND seq BETWEEN ? AND ?",
                        arguments: [first.seq, last.seq])
                }
                return rows
            }
            if batch.isEmpty { break }
            rounds += 1
            guard rounds <= 10_000 else { throw ClientError("push made no progress; run `verdict status` to see why") }
            let body = Data(("{\"mutations\":[" + batch.map(\.json).joined(separator: ",") + "]}").utf8)
            let response: PushResponse
            do {
                response = try client.json(PushResponse.self, "POST", "/v1/push", body: body, retry: true)
            } catch let error as ServerError where error.status == 413 && batch.count > 1 {
                // Over the server's body limit (long articles or notes): send smaller batches.
                pushBatch = max(1, batch.count / 2)
                rounds -= 1
                continue
            }
            guard response.results.count == batch.count else {
                throw ClientError("the server answered \(response.results.count) results for \(batch.count) edits")
            }
            try workspace.db.write { db in
                for result in response.results {
                    try record(result, &summary, db)
                }
                try Workspace.set(.lastPush, Timestamp.now(), db)
            }
            progress?.advance(by: batch.count, note: nil)
        }
        return summary
    }

    private func record(_ result: MutationResult, _ summary: inout PushSummary, _ db: Database) throws {
        // An edit moved meanwhile (onto a merged claim) has a new mutation id: an answer for its old form
        // matches no row and is ignored.
        switch result.status {
        case .applied:
            try db.cachedStatement(sql: "DELETE FROM outbox WHERE mutation_id = ?").execute(arguments: [
                result.mutationId
            ])
            guard db.changesCount > 0 else { return }
            summary.applied += 1
            if let record = result.record { try Workspace.store(record, db) }
        case .merged:
            guard let entry = try Workspace.entries(where: "mutation_id = ?", [result.mutationId], db).first else {
                return
            }
            summary.merged += 1
            try Workspace.remove(entry, db)
            if let record = result.record, case .assignment = record {
                // The reviewer already had this assignment (made on another device): the live one stands.
                try Workspace.store(record, db)
                return
            }
            guard let record = result.record, case .claim(let existing) = record else { return }
            try Workspace.store(record, db)
            try moveEdits(fromClaim: entry.mutation.id ?? "", to: existing.id, db)
        case .conflict:
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'conflict', code = ?, reason = ?, server_record = ?, updated_at = ?
                    WHERE mutation_id = ?
                    """
            ).execute(arguments: [
                result.code, result.reason, result.record?.jsonText, Timestamp.now(), result.mutationId,
            ])
            guard db.changesCount > 0 else { return }
            summary.conflicts += 1
            // The server's side is news for the local copy too.
            if let record = result.record { try Workspace.store(record, db) }
        case .rejected:
            try db.cachedStatement(
                sql: "UPDATE outbox SET state = 'rejected', code = ?, reason = ?, updated_at = ? WHERE mutation_id = ?"
            ).execute(arguments: [result.code, result.reason, Timestamp.now(), result.mutationId])
            if db.changesCount > 0 { summary.rejected += 1 }
            if result.type == .article, let id = result.id {
                // An article added here that the server refused: its local copy goes (the reason stays in
                // `verdict status`).
                try db.execute(sql: "DELETE FROM articles WHERE id = ? AND version = 0", arguments: [id])
            }
        }
    }

    /// A claim marked here was merged by the server into an existing one with the same span: every local edit
    /// that referred to the local claim now refers to the existing one, as a new mutation (its old id may
    /// already be answered for the old claim), and no trace of the local claim remains.
    private func moveEdits(fromClaim local: String, to existing: String, _ db: Database) throws {
        guard !local.isEmpty, local != existing else { return }
        for entry in try Workspace.entries(where: "claim_id = ?", [local], db) {
            var mutation = entry.mutation
            mutation.mutationId = RecordID.make()
            if case .verdict(var input) = mutation.record {
                input.claimId = existing
                mutation.record = .verdict(input)
            }
            if case .publication(var input) = mutation.record {
                input.claimId = existing
                mutation.record = .publication(input)
            }
            if case .assignment(var input) = mutation.record {
                input.claimId = existing
                mutation.record = .assignment(input)
            }
            if mutation.type == .verdict, mutation.op == .put, mutation.baseVersion == nil,
                try Workspace.serverVerdict(claimId: existing, reviewer: user, db) != nil
            {
                // The existing claim already has this reviewer's verdict (from another device): this becomes an
                // update of it, which the server will answer as a conflict if it changed.
                let server = try Workspace.serverVerdict(claimId: existing, reviewer: user, db)!
                mutation.id = server.id
                mutation.baseVersion = server.version
                if case .verdict(var input) = mutation.record {
                    input.id = server.id
                    mutation.record = .verdict(input)
                }
            }
            try Workspace.replace(entry, with: mutation, claimId: existing, db)
        }
    }
}

/// A feed page that another thread fetches: ``result()`` waits for it. `@unchecked Sendable`: `outcome` is written
/// once, before the semaphore is signalled, and read only after a wait on it returns.
private final class PageFetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<ChangesPage, any Error>?

    init() {}

    /// One already known (the last page needs no fetch after it).
    init(done page: ChangesPage) {
        outcome = .success(page)
        done.signal()
    }

    func finish(_ result: Result<ChangesPage, any Error>) {
        outcome = result
        done.signal()
    }

    /// The page, or the fetch's error; waits until the fetch ends. May be asked again.
    func result() throws -> ChangesPage {
        done.wait()
        done.signal()
        return try outcome!.get()
    }
}

/// Hands a value that is not `Sendable` (the HTTP client) to the one thread that uses it next.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
