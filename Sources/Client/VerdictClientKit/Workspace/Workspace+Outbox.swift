import Foundation
import GRDB
import VerdictShared

/// The outbox: local edits in the order they were made, inside a caller's transaction.
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
}
