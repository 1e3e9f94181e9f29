import Foundation
import GRDB
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing
import VerdictShared

@testable import VerdictServer

/// The storage a test server runs on: the tests that hold for every backend take it as an argument.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A real server on an ephemeral port over a real database: a SQLite file in a temporary directory, or a fresh
/// PostgreSQL database in the test cluster (``TestPostgres``).
final class TestServer: Sendable {
    static let defaultUsers: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer),
    ]

    let directory: URL
    /// What `--db` takes to reach the same database from an admin command: the SQLite file, or the URL.
    let databasePath: String
    let store: any VerdictStore
    let backend: TestBackend
    /// Drops the PostgreSQL database after the server stopped.
    private let dropDatabase: (@Sendable () async throws -> Void)?
    let port: Int
    let tokens: [String: String]
    /// The bodies the server is reading, to tell when a half-sent request has been counted.
    let bodyBudget: BodyBudget
    /// This server's own metrics (`GET /metrics`), shared with its store.
    let metrics: ServerMetrics
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(
        directory: URL, databasePath: String, store: any VerdictStore, backend: TestBackend,
        dropDatabase: (@Sendable () async throws -> Void)?, port: Int, tokens: [String: String],
        bodyBudget: BodyBudget, metrics: ServerMetrics,
        group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.directory = directory
        self.databasePath = databasePath
        self.store = store
        self.backend = backend
        self.dropDatabase = dropDatabase
        self.port = port
        self.tokens = tokens
        self.bodyBudget = bodyBudget
        self.metrics = metrics
        self.group = group
        self.task = task
    }

    /// Starts a server. Pass `directory` to reuse a database (restart tests); users are created only once.
    /// `compression: false` is `serve --no-compression`.
    static func start(
        directory: URL? = nil, config: ServerConfig = ServerConfig(), users: [(String, Role)] = defaultUsers,
        existingTokens: [String: String] = [:], idleTimeout: Duration = .seconds(60), port: Int = 0,
        backend: TestBackend = .sqlite, compression: Bool = true
    ) async throws -> TestServer {
        let directory = try directory ?? makeTemporaryDirectory()
        let metrics = ServerMetrics()
        let databasePath: String
        let store: any VerdictStore
        var dropDatabase: (@Sendable () async throws -> Void)?
        switch backend {
        case .sqlite:
            databasePath = directory.appendingPathComponent("verdict.sqlite").path
            store = try SQLiteStore(
                path: databasePath, scale: config.scale, workflow: config.desk.workflow, metrics: metrics)
        case .postgres:
            let database = try await TestPostgres.makeDatabaseURL()
            databasePath = database.url
            dropDatabase = database.drop
            var logger = Logger(label: "test-postgres")
            logger.logLevel = .warning
            store = try await PostgresStore.start(
                database.configuration, scale: config.scale, workflow: config.desk.workflow, metrics: metrics,
                logger: logger, contactTimeout: .seconds(300))
        }
        var tokens = existingTokens
        let existing = Set(try await store.users().map(\.name))
        for (name, role) in users where !existing.contains(name) {
            tokens[name] = try await store.addUser(name: name, role: role, tokenLabel: "test").token
        }
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let bodyBudget = BodyBudget(config)
        var options = ServeOptions(host: "127.0.0.1", port: port, idleTimeout: idleTimeout)
        options.compression = compression
        let app = buildApplication(
            store: store, config: config, options: options,
            logger: logger, bodyBudget: bodyBudget, metrics: metrics,
            onServerRunning: { port in portContinuation.yield(port) })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("server did not start") }
        return TestServer(
            directory: directory, databasePath: databasePath, store: store, backend: backend,
            dropDatabase: dropDatabase, port: port, tokens: tokens,
            bodyBudget: bodyBudget, metrics: metrics, group: group, task: task)
    }

    /// Graceful shutdown, then closes the database.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
        try await store.close()
        try await dropDatabase?()
    }

    /// The SQLite store, for the tests that reach into SQLite itself.
    var sqlite: SQLiteStore {
        get throws {
            guard let store = store as? SQLiteStore else { throw TestFailure("this test needs the SQLite backend") }
            return store
        }
    }

    /// Runs one statement straight on the database, whichever the backend, for a change no API makes (a user's
    /// role). The statement is the test's own text, with no parameters.
    func execute(sql: String) async throws {
        switch store {
        case let store as SQLiteStore:
            try await store.pool.write { db in try db.execute(sql: sql) }
        case let store as PostgresStore:
            _ = try await store.client.query(PostgresQuery(unsafeSQL: sql))
        default:
            throw TestFailure("no database to run \(sql) on")
        }
    }

    func client(_ user: String?) -> HTTPTestClient {
        HTTPTestClient(port: port, token: user.flatMap { tokens[$0] }, userName: user)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("verdict-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `body` against a fresh server and always stops it.
func withServer<T>(
    config: ServerConfig = ServerConfig(), users: [(String, Role)] = TestServer.defaultUsers,
    backend: TestBackend = .sqlite, compression: Bool = true, _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer.start(config: config, users: users, backend: backend, compression: compression)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}
