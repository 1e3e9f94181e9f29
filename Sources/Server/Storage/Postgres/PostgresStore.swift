import Foundation
import Logging
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Synchronization
import VerdictShared

/// The PostgreSQL backend: a pool of connections (`PostgresClient`) to one database, which several server
/// processes may share.
///
/// The pool works only while ``run()`` runs. `serve` puts the store in its service group (before the HTTP server in
/// the list, so that it shuts down after it) and awaits ``ready()`` before binding; admin commands, the demo and
/// tests use ``start(_:maximumConnections:scale:limits:workflow:metrics:logger:contactTimeout:)`` or
/// ``withStore(_:maximumConnections:scale:limits:workflow:metrics:logger:_:)``, which run the pool themselves.
final class PostgresStore: StoreService, Sendable {
    let client: PostgresClient
    /// Threads where the synchronous rules run their statements and wait for them (``write(_:)``): one per
    /// connection, so that every leased connection can be busy at once without blocking the concurrency pool.
    let blockingThreads: NIOThreadPool
    let rules: MutationRules
    /// Where write transactions are timed, when the server keeps metrics.
    let metrics: ServerMetrics?
    /// Queries log here (PostgresNIO logs at debug and trace only).
    let logger: Logger
    /// How long ``ready()`` waits for the database to answer at all.
    let contactTimeout: Duration
    /// The change log's id once ``open()`` has read it. Only a restored copy has another one, so it is read once.
    private let openedFeedID = Mutex<String?>(nil)
    /// The pool's task when the store runs it itself (``start(_:maximumConnections:scale:limits:workflow:metrics:logger:)``).
    private let runningPool = Mutex<Task<Void, any Error>?>(nil)
    /// Whether ``run()`` has started the pool, and who waits for that (``open()`` does, so that it never asks the
    /// pool for a connection before the pool runs, which PostgresNIO warns about).
    private let runState = Mutex<RunState>(.waiting([]))

    private enum RunState {
        case waiting([CheckedContinuation<Void, Never>])
        case running
    }

    /// A store over the database `configuration` names, with at most `maximumConnections` connections to it.
    /// Nothing is connected until ``run()`` and ``open()``.
    init(
        configuration: PostgresClient.Configuration, maximumConnections: Int = 16, scale: VerdictScale = .standard,
        limits: ContentLimits = ContentLimits(), workflow: DeskWorkflow = DeskWorkflow(),
        metrics: ServerMetrics? = nil, logger: Logger = Logger(label: "verdict-server.postgres"),
        contactTimeout: Duration = .seconds(30)
    ) {
        self.contactTimeout = contactTimeout
        var configuration = configuration
        configuration.options.maximumConnections = maximumConnections
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        blockingThreads = NIOThreadPool(numberOfThreads: maximumConnections)
        blockingThreads.start()
        rules = MutationRules(scale: scale, limits: limits, workflow: workflow)
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs the connection pool until cancelled or, in a service group, until graceful shutdown.
    func run() async throws {
        let waiting = runState.withLock { state in
            defer { state = .running }
            guard case .waiting(let waiting) = state else { return [CheckedContinuation<Void, Never>]() }
            return waiting
        }
        for continuation in waiting { continuation.resume() }
        await client.run()
    }

    /// Migrates the database (see ``migrate()``) and reads the change log's id. Call it once ``run()`` runs (or is
    /// about to: it waits for ``run()`` to start the pool).
    func open() async throws {
        await poolRuns()
        try await migrate()
        let rows = try await client.query("SELECT id FROM feed", logger: logger).collect()
        guard let id = try rows.first?.decode(String.self) else {
            throw StoreError.notFound("the database has no change log id (its feed table is empty)")
        }
        openedFeedID.withLock { $0 = id }
    }

    /// Returns once ``run()`` has started the pool, so that nothing asks it for a connection before (which
    /// PostgresNIO warns about): a service group starts its services in no set order.
    private func poolRuns() async {
        await withCheckedContinuation { continuation in
            let running = runState.withLock { state in
                guard case .waiting(let waiting) = state else { return true }
                state = .waiting(waiting + [continuation])
                return false
            }
            if running { continuation.resume() }
        }
    }

    /// The change log's id, read by ``open()``.
    var feedID: String {
        get throws {
            guard let id = openedFeedID.withLock({ $0 }) else {
                throw StoreError.invalid("the PostgreSQL store was used before it was opened")
            }
            return id
        }
    }

    /// Opens a store over `configuration`, runs its pool in a child task while `body` uses it, then closes it: for
    /// admin commands and tests.
    static func withStore<T: Sendable>(
        _ configuration: PostgresClient.Configuration, maximumConnections: Int = 16,
        scale: VerdictScale = .standard, limits: ContentLimits = ContentLimits(),
        workflow: DeskWorkflow = DeskWorkflow(), metrics: ServerMetrics? = nil,
        logger: Logger = Logger(label: "verdict-server.postgres"),
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = PostgresStore(
            configuration: configuration, maximumConnections: maximumConnections, scale: scale, limits: limits,
            workflow: workflow, metrics: metrics, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            // Cancelling the pool's task closes its connections; the group waits for that before returning.
            defer { group.cancelAll() }
            try await store.open()
            return try await body(store)
        }
    }

    /// A store over `configuration` for a server to run in its service group (``VerdictStore/service``): nothing
    /// runs or connects until the group runs it and calls ``ready()``. Fails at once only for a Unix socket that
    /// is not there.
    static func forService(
        _ configuration: PostgresClient.Configuration, maximumConnections: Int = 16,
        scale: VerdictScale = .standard, limits: ContentLimits = ContentLimits(),
        workflow: DeskWorkflow = DeskWorkflow(), metrics: ServerMetrics? = nil,
        logger: Logger = Logger(label: "verdict-server.postgres"), contactTimeout: Duration = .seconds(30)
    ) throws -> PostgresStore {
        if let socket = configuration.unixSocketPath, !FileManager.default.fileExists(atPath: socket) {
            throw StoreError.notFound("no PostgreSQL server listens at \(socket) (there is no socket file)")
        }
        return PostgresStore(
            configuration: configuration, maximumConnections: maximumConnections, scale: scale, limits: limits,
            workflow: workflow, metrics: metrics, logger: logger, contactTimeout: contactTimeout)
    }

    /// Opens a store over `configuration` that runs its own pool until ``close()``: for the admin commands, the
    /// demo and tests, which use the store before (or without) serving. `serve` uses ``forService(_:maximumConnections:scale:limits:workflow:metrics:logger:contactTimeout:)``.
    static func start(
        _ configuration: PostgresClient.Configuration, maximumConnections: Int = 16,
        scale: VerdictScale = .standard, limits: ContentLimits = ContentLimits(),
        workflow: DeskWorkflow = DeskWorkflow(), metrics: ServerMetrics? = nil,
        logger: Logger = Logger(label: "verdict-server.postgres"), contactTimeout: Duration = .seconds(30)
    ) async throws -> PostgresStore {
        let store = try forService(
            configuration, maximumConnections: maximumConnections, scale: scale, limits: limits,
            workflow: workflow, metrics: metrics, logger: logger, contactTimeout: contactTimeout)
        let task = Task { try await store.run() }
        store.runningPool.withLock { $0 = task }
        do {
            try await store.ready()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Makes contact (within the contact timeout), migrates and reads the change log's id: what a server awaits,
    /// once its group runs the pool, before it binds.
    func ready() async throws {
        // The pool retries a failing connection for a minute before it gives up; a person gets an answer sooner.
        // Only the first contact is timed: migrating may rightly take longer.
        let timeout = contactTimeout
        let logger = logger
        await poolRuns()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await self.client.query("SELECT 1", logger: logger) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw StoreError.notFound(
                    "PostgreSQL did not answer within \(timeout.components.seconds) s: is the server "
                        + "running, and are the host, port, user and database in the URL right?")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        try await open()
    }

    /// The pool as a service of the server's group, unless the store runs it itself (``start(_:maximumConnections:scale:limits:workflow:metrics:logger:contactTimeout:)``).
    var service: (any StoreService)? {
        runningPool.withLock { $0 == nil } ? self : nil
    }

    /// Stops the pool the store runs itself, closing its connections. A store in a service group or in
    /// ``withStore(_:maximumConnections:scale:limits:workflow:metrics:logger:_:)`` is stopped by them instead.
    func close() async throws {
        guard let task = runningPool.withLock({ $0.take() }) else { return }
        task.cancel()
        try await task.value
    }

    /// Runs `body` in one transaction on a pooled connection: committed when `body` returns, rolled back when it
    /// throws. The error is `body`'s own, not wrapped (unlike PostgresNIO's `withTransaction`), so that a
    /// ``StoreError`` reaches the caller as it was thrown.
    func transaction<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection(isolation: isolation) { connection in
            try await Self.transaction(on: connection, logger: logger, isolation: isolation, body)
        }
    }

    /// ``transaction(_:)`` on a connection the caller holds.
    static func transaction<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.query("BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(connection)
        } catch {
            do {
                try await connection.query("ROLLBACK", logger: logger)
            } catch let rollback {
                logger.error("rolling back failed", metadata: ["error": "\(reason(rollback))"])
            }
            throw error
        }
        try await connection.query("COMMIT", logger: logger)
        return value
    }

    // MARK: - Migrations

    /// Applies the migrations of ``PostgresSchema/migrations`` that the database has not had, each in its own
    /// transaction with its `schema_migrations` row, under a session-level advisory lock
    /// (``PostgresSchema/migrationLock``): servers started together wait for the first to finish, then find
    /// nothing left to do. Migrations the database has and this binary does not know (a newer server's) are left
    /// alone, as GRDB does for SQLite.
    func migrate() async throws {
        let lock = PostgresSchema.migrationLock
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lock))", logger: logger)
            do {
                try await applyMigrations(on: connection)
            } catch {
                // A connection that fails here is closed, and the lock goes with its session.
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger)
        }
    }

    private func applyMigrations(on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.migrationsTable), logger: logger)
        var applied: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
            .decode(String.self)
        {
            applied.insert(name)
        }
        for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
            try await Self.transaction(on: connection, logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(Timestamp.now()))",
                    logger: logger)
            }
            logger.info("migrated the PostgreSQL database", metadata: ["migration": "\(migration.name)"])
        }
    }

    /// What went wrong, for a person: the server's message, detail and SQLSTATE for an error PostgreSQL reported
    /// (PSQLError's own description hides them), else the error as it describes itself.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return message + (info[.detail].map { " (\($0))" } ?? "")
                + (info[.sqlState].map { " [SQLSTATE \($0)]" } ?? "")
        }
        return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }
}
