import Foundation
import GRDB
import VerdictShared

/// One local edit waiting for the server, or stopped by it.
struct OutboxEntry {
    enum State: String, Codable {
        /// Not yet confirmed by the server (it may have been sent: `sent`).
        case pending
        /// The server's record changed meanwhile: both sides kept until `verdict resolve`.
        case conflict
        /// The server refused it: kept with the reason.
        case rejected
    }

    let seq: Int64
    var mutation: Mutation
    /// The claim the edit concerns (the verdict's claim, or the claim itself).
    var claimId: String?
    var state: State
    /// Handed to the server at least once without an answer seen: changing it now could make a retry
    /// differ from what the server may already have applied.
    var sent: Bool
    var code: String?
    var reason: String?
    /// The server's current record, for conflicts.
    var serverRecord: AnyRecord?
    var createdAt: String

    init(row: Row) throws {
        seq = row["seq"]
        let mutation = try Workspace.decode(Mutation.self, row["mutation"])
        self.mutation = mutation
        claimId = row["claim_id"]
        state = State(rawValue: row["state"]) ?? .pending
        sent = row["sent"]
        code = row["code"]
        reason = row["reason"]
        serverRecord = try (row["server_record"] as String?).map {
            try Workspace.decodeRecord(mutation.type, $0)
        }
        createdAt = row["created_at"]
    }

    /// The verdict fields this edit sets, or nil for a delete.
    var verdictInput: VerdictInput? {
        if mutation.op == .put, case .verdict(let input) = mutation.record { return input }
        return nil
    }
}

extension Workspace {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// Appends a local edit.
    static func enqueue(_ mutation: Mutation, claimId: String?, _ db: Database) throws {
        let now = Timestamp.now()
        try db.execute(
            sql: """
                INSERT INTO outbox (mutation_id, type, record_id, claim_id, mutation, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                """,
            arguments: [
                mutation.mutationId, mutation.type.rawValue, mutation.id ?? "", claimId, try encode(mutation), now, now,
            ])
    }

    /// Replaces an entry's mutation (same row, same place in the order) and makes it pending again.
    static func replace(_ entry: OutboxEntry, with mutation: Mutation, claimId: String?, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE outbox SET mutation_id = ?, type = ?, record_id = ?, claim_id = ?, mutation = ?,
                    state = 'pending', sent = 0, code = NULL, reason = NULL, server_record = NULL, updated_at = ?
                WHERE seq = ?
                """,
            arguments: [
                mutation.mutationId, mutation.type.rawValue, mutation.id ?? "", claimId, try encode(mutation),
                Timestamp.now(), entry.seq,
            ])
    }

    static func remove(_ entry: OutboxEntry, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM outbox WHERE seq = ?", arguments: [entry.seq])
    }

    static func entries(
        where condition: String = "1", _ arguments: StatementArguments = [], limit: Int? = nil, _ db: Database
    ) throws -> [OutboxEntry] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM outbox WHERE \(condition) ORDER BY seq\(limit.map { " LIMIT \($0)" } ?? "")",
            arguments: arguments
        ).map(OutboxEntry.init)
    }

    /// The user's edits of verdicts on a claim, oldest first.
    static func verdictEntries(claimId: String, _ db: Database) throws -> [OutboxEntry] {
        try entries(where: "type = 'verdict' AND claim_id = ?", [claimId], db)
    }

    // MARK: The user's view: the server's records with local edits on top

    /// What the user's verdict on a claim is here: the latest local edit if any, else the server's.
    enum LocalVerdict {
        case unrated
        case server(Verdict)
        case edited(VerdictInput, OutboxEntry)
        case deleted(OutboxEntry)

        var input: VerdictInput? {
            switch self {
            case .unrated, .deleted: nil
            case .server(let verdict):
                VerdictInput(
                    id: verdict.id, claimId: verdict.claimId, label: verdict.label, confidence: verdict.confidence,
                    rationale: verdict.rationale, evidence: verdict.evidence)
            case .edited(let input, _): input
            }
        }

        var entry: OutboxEntry? {
            switch self {
            case .unrated, .server: nil
            case .edited(_, let entry), .deleted(let entry): entry
            }
        }
    }

    static func localVerdict(claimId: String, user: String, _ db: Database) throws -> LocalVerdict {
        if let latest = try verdictEntries(claimId: claimId, db).last {
            if let input = latest.verdictInput { return .edited(input, latest) }
            return .deleted(latest)
        }
        if let verdict = try serverVerdict(claimId: claimId, reviewer: user, db) { return .server(verdict) }
        return .unrated
    }

    /// Records a new rating of a claim by the user, as one outbox edit (an unsent edit is rewritten in place).
    static func rate(claimId: String, user: String, fields: VerdictInput, _ db: Database) throws {
        let edits = try verdictEntries(claimId: claimId, db)
        if let conflict = edits.first(where: { $0.state == .conflict }) {
            throw CLIError(
                "claim \(claimId) has a conflict (\(conflict.reason ?? "changed on the server")); settle it first with "
                    + "`verdict resolve \(claimId) --mine` or `--theirs`")
        }
        let server = try serverVerdict(claimId: claimId, reviewer: user, db)
        func put(_ mutationId: String, id: String, base: Int?) -> Mutation {
            var input = fields
            input.id = id
            return Mutation(
                mutationId: mutationId, type: .verdict, op: .put, id: id, baseVersion: base, record: .verdict(input))
        }
        guard let latest = edits.last else {
            try enqueue(
                put(RecordID.make(), id: server?.id ?? RecordID.make(), base: server?.version), claimId: claimId, db)
            return
        }
        switch (latest.state, latest.sent) {
        case (.rejected, _):
            // Replaced by a fresh edit from the server's current state.
            try replace(
                latest, with: put(RecordID.make(), id: server?.id ?? RecordID.make(), base: server?.version),
                claimId: claimId, db)
        case (_, false):
            // The server never saw it: rewrite it in place (a delete becomes this put of the same record).
            try replace(
                latest,
                with: put(
                    latest.mutation.mutationId, id: latest.mutation.id ?? RecordID.make(),
                    base: latest.mutation.baseVersion), claimId: claimId, db)
        case (_, true):
            // Sent but unconfirmed: chain after it, from the version it will have made.
            try enqueue(
                put(
                    RecordID.make(), id: latest.mutation.id ?? RecordID.make(),
                    base: (latest.mutation.baseVersion ?? 0) + 1), claimId: claimId, db)
        }
    }

    /// Withdraws the user's verdict on a claim. Returns false when there was none.
    static func unrate(claimId: String, user: String, _ db: Database) throws -> Bool {
        let edits = try verdictEntries(claimId: claimId, db)
        if edits.contains(where: { $0.state == .conflict }) {
            throw CLIError(
                "claim \(claimId) has a conflict; settle it first with `verdict resolve \(claimId) --mine` or `--theirs`"
            )
        }
        let server = try serverVerdict(claimId: claimId, reviewer: user, db)
        if let latest = edits.last {
            if latest.mutation.op == .delete && latest.state == .pending { return false }
            if !latest.sent || latest.state == .rejected {
                if let server {
                    let delete = Mutation(
                        mutationId: latest.sent || latest.state == .rejected
                            ? RecordID.make() : latest.mutation.mutationId,
                        type: .verdict, op: .delete, id: server.id, baseVersion: server.version, record: nil)
                    try replace(latest, with: delete, claimId: claimId, db)
                } else {
                    // Only ever local: forget it.
                    try remove(latest, db)
                }
                return true
            }
            try enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .verdict, op: .delete, id: latest.mutation.id,
                    baseVersion: (latest.mutation.baseVersion ?? 0) + 1, record: nil),
                claimId: claimId, db)
            return true
        }
        guard let server else { return false }
        try enqueue(
            Mutation(
                mutationId: RecordID.make(), type: .verdict, op: .delete, id: server.id, baseVersion: server.version,
                record: nil),
            claimId: claimId, db)
        return true
    }
}
