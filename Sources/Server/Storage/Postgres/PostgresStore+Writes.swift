import Logging
import NIOPosix
import PostgresNIO
import VerdictShared

extension PostgresStore {
    /// The key of the transaction-scoped advisory lock (`pg_advisory_xact_lock`) every write transaction takes
    /// before its first read: 0x7665726469637432, "verdict2" in ASCII. Writers in every process run one at a
    /// time, as SQLite's single writer does, so the rules decide against all that was committed before, and
    /// change sequence numbers are drawn and committed in the same order (ARCHITECTURE.md, "The change feed
    /// on PostgreSQL").
    static let feedLock: Int64 = 0x7665_7264_6963_7432

    func apply(_ mutations: [Mutation], by identity: Identity, remember: Bool) async throws -> [MutationOutcome] {
        let batch = MutationBatch(rules: rules, identity: identity, remembering: remember)
        return try await batch.run(
            mutations, metrics: metrics, isRefusal: { PostgresMutationStorage.refusal(in: $0) != nil }
        ) { prepared, guarded in
            try await write { storage in
                try batch.apply(prepared, in: storage, guarded: guarded, now: Timestamp.now())
            }
        }
    }

    /// Runs `body` in one write transaction holding ``feedLock``, on one of the store's blocking threads:
    /// committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresMutationStorage) throws -> T) async throws -> T {
        try await blocking { storage in
            try storage.execute("BEGIN")
            do {
                try storage.execute("SELECT pg_advisory_xact_lock(\(Self.feedLock))")
                let value = try body(storage)
                try storage.execute("COMMIT")
                return value
            } catch {
                try? storage.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one read-only transaction over a single snapshot (REPEATABLE READ), on a blocking thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresMutationStorage) throws -> T) async throws -> T {
        try await blocking { storage in
            try storage.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let value = try body(storage)
                try storage.execute("COMMIT")
                return value
            } catch {
                try? storage.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Leases a connection and runs `body` over it on one of the store's blocking threads, where statements may
    /// be waited for.
    private func blocking<T: Sendable>(
        _ body: @escaping @Sendable (PostgresMutationStorage) throws -> T
    ) async throws -> T {
        let logger = self.logger
        let threads = self.blockingThreads
        return try await client.withConnection { connection in
            try await threads.runIfActive {
                try body(PostgresMutationStorage(connection: connection, logger: logger))
            }
        }
    }

    // MARK: - The feed

    /// Most JSON bytes of records in one feed page, as on SQLite (``SQLiteStore/maxPageBytes``).
    static var maxPageBytes: Int { SQLiteStore.maxPageBytes }

    /// Changes after `since`, for a reader who may see everything. Writers commit in sequence order (they hold
    /// ``feedLock`` from before they draw a number until after they commit), so a snapshot holds every change
    /// below the highest it holds: the page never skips one that commits later.
    func changes(since: Int64, limit: Int) async throws -> RawChangesPage {
        let feed = try feedID
        return try await read { storage in
            var entries: [RawChangesPage.Entry] = []
            var bytes = 0
            for (seq, typeName, id, version, deleted, json) in try storage.rows(
                FeedPageStatement(since: since, limit: limit + 1))
            {
                if entries.count == limit || (bytes >= Self.maxPageBytes && !entries.isEmpty) {
                    return RawChangesPage(entries: entries, next: entries.last?.seq ?? since, hasMore: true, feed: feed)
                }
                guard let type = RecordType(rawValue: typeName) else { continue }
                bytes += json.utf8.count
                entries.append(
                    RawChangesPage.Entry(
                        seq: seq, type: type, id: id, version: version, deleted: deleted != 0, recordJSON: json))
            }
            return RawChangesPage(entries: entries, next: entries.last?.seq ?? since, hasMore: false, feed: feed)
        }
    }

    func pruneRememberedOutcomes(olderThan cutoff: String, batch: Int) async throws -> Int {
        var deleted = 0
        while true {
            let count = try await blocking { storage in
                try storage.rows(
                    """
                    DELETE FROM mutations WHERE ("user", mutation_id) IN (
                        SELECT "user", mutation_id FROM mutations WHERE created_at < \(cutoff)
                        ORDER BY created_at LIMIT \(batch))
                    RETURNING 1
                    """
                ).count
            }
            deleted += count
            guard count == batch else { return deleted }
            await Task.yield()
        }
    }
}
