import Dispatch
import Logging
import PostgresNIO
import Synchronization
import VerdictShared

// The statements every write or feed read runs, prepared once per connection (PostgresNIO prepares a statement
// on a connection the first time it runs there, under its type's name, and reuses it after): parsed and planned
// once instead of with every verdict. The rest of the SQL runs as unnamed statements.

/// A change appended to the log, its sequence number drawn in the statement (``PostgresStore/feedLock`` held).
struct InsertChangeStatement: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO changes (seq, type, record_id, version, deleted, record, "user", created_at)
        VALUES (nextval('changes_seq'), $1, $2, $3, $4, $5, $6, $7)
        RETURNING seq
        """
    static var bindingDataTypes: [PostgresDataType] { [.text, .text, .int8, .int8, .text, .text, .text] }
    typealias Row = Int64

    let record: AnyRecord
    let json: String
    let user: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(record.type.rawValue)
        bindings.append(record.id)
        bindings.append(record.version)
        bindings.append(record.isDeleted ? 1 : 0)
        bindings.append(json)
        bindings.append(user)
        bindings.append(record.updatedAt)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int64.self) }
}

/// The outcome of an applied mutation, remembered under its id so that a retried push applies nothing twice.
struct RememberOutcomeStatement: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO mutations ("user", mutation_id, request_hash, result, created_at) VALUES ($1, $2, $3, $4, $5)
        """
    static var bindingDataTypes: [PostgresDataType] { [.text, .text, .text, .text, .text] }
    typealias Row = ()

    let user: String
    let mutationId: String
    let outcome: RememberedOutcome
    let now: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(user)
        bindings.append(mutationId)
        bindings.append(outcome.requestHash)
        bindings.append(outcome.resultJSON)
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// A verdict stored, new or a new version of one.
struct SaveVerdictStatement: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO verdicts (\(PostgresMutationStorage.verdictColumns))
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO UPDATE SET version = excluded.version, label = excluded.label,
            confidence = excluded.confidence, rationale = excluded.rationale, evidence = excluded.evidence,
            deleted = excluded.deleted, updated_at = excluded.updated_at
        """
    static var bindingDataTypes: [PostgresDataType] {
        [.text, .int8, .text, .text, .text, .float8, .text, .text, .int8, .text, .text]
    }
    typealias Row = ()

    let verdict: Verdict
    let evidenceJSON: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(verdict.id)
        bindings.append(verdict.version)
        bindings.append(verdict.claimId)
        bindings.append(verdict.reviewer)
        bindings.append(verdict.label)
        bindings.append(verdict.confidence)
        bindings.append(verdict.rationale)
        bindings.append(evidenceJSON)
        bindings.append(verdict.deleted ? 1 : 0)
        bindings.append(verdict.createdAt)
        bindings.append(verdict.updatedAt)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}

/// One page of the feed for a reader who may see everything: changes after `since`, one more than the page
/// holds, so that the page knows whether more follow.
struct FeedPageStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT seq, type, record_id, version, deleted, record FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2
        """
    static var bindingDataTypes: [PostgresDataType] { [.int8, .int8] }
    typealias Row = (Int64, String, String, Int, Int, String)

    let since: Int64
    let limit: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(since)
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

extension PostgresMutationStorage {
    /// Runs a prepared statement on this storage's connection and waits for its rows, on this (blocking) thread.
    /// PostgresNIO runs prepared statements only from async code, so the statement runs in a task while this
    /// thread waits; the task awaits the connection's event loop and never this thread.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) throws -> [Statement.Row]
    where Statement.Row: Sendable {
        let connection = self.connection
        let logger = self.logger
        return try waitFor {
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// Runs a prepared statement that returns no rows and waits for it, as ``rows(_:)`` does.
    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) throws where Statement.Row == () {
        let connection = self.connection
        let logger = self.logger
        _ = try waitFor { try await connection.execute(statement, logger: logger) }
    }

    /// Waits on this thread for `body`, run as a task. Only for a blocking thread: waiting on an event loop or in
    /// the concurrency pool could wait for itself.
    private func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            result.value.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        guard let outcome = result.value.withLock({ $0.take() }) else {
            throw StoreError.invalid("a prepared statement gave no result")
        }
        return try outcome.get()
    }
}

/// What a task handed to a waiting thread (``PostgresMutationStorage/waitFor(_:)``).
private final class Outcome<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
}
