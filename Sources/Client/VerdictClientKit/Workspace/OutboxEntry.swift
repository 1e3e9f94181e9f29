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
    /// When the edit was last rewritten here.
    var updatedAt: String

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
            try AnyRecord(mutation.type, json: $0)
        }
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }

    /// The verdict fields this edit sets, or nil for a delete.
    var verdictInput: VerdictInput? {
        if mutation.op == .put, case .verdict(let input) = mutation.record { return input }
        return nil
    }
}
