import Foundation
import GRDB
import VerdictShared

/// The user's verdicts as edits in the outbox, inside a caller's transaction.
extension Workspace {
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
            throw ClientError(
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
            throw ClientError(
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
