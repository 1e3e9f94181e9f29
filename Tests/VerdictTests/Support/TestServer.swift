import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VerdictShared

@testable import VerdictServer

/// A real server on an ephemeral port over a real SQLite file in a temporary directory.
final class TestServer: Sendable {
    static let defaultUsers: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer),
    ]

    let directory: URL
    let databasePath: String
    let store: SQLiteStore
    let port: Int
    let tokens: [String: String]
    /// The bodies the server is reading, to tell when a half-sent request has been counted.
    let bodyBudget: BodyBudget
    /// This server's own metrics (`GET /metrics`), shared with its store.
    let metrics: ServerMetrics
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(
        directory: URL, databasePath: String, store: SQLiteStore, port: Int, tokens: [String: String],
        bodyBudget: BodyBudget, metrics: ServerMetrics,
        group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.directory = directory
        self.databasePath = databasePath
        self.store = store
        self.port = port
        self.tokens = tokens
        self.bodyBudget = bodyBudget
        self.metrics = metrics
        self.group = group
        self.task = task
    }

    /// Starts a server. Pass `directory` to reuse a database (restart tests); users are created only once.
    static func start(
        directory: URL? = nil, config: ServerConfig = ServerConfig(), users: [(String, Role)] = defaultUsers,
        existingTokens: [String: String] = [:], idleTimeout: Duration = .seconds(60), port: Int = 0
    ) async throws -> TestServer {
        let directory = try directory ?? makeTemporaryDirectory()
        let databasePath = directory.appendingPathComponent("verdict.sqlite").path
        let metrics = ServerMetrics()
        let store = try SQLiteStore(
            path: databasePath, scale: config.scale, workflow: config.desk.workflow, metrics: metrics)
        var tokens = existingTokens
        let existing = Set(try await store.users().map(\.name))
        for (name, role) in users where !existing.contains(name) {
            tokens[name] = try await store.addUser(name: name, role: role, tokenLabel: "test").token
        }
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let bodyBudget = BodyBudget(config)
        let app = buildApplication(
            store: store, config: config,
            options: ServeOptions(host: "127.0.0.1", port: port, idleTimeout: idleTimeout),
            logger: logger, bodyBudget: bodyBudget, metrics: metrics,
            onServerRunning: { port in portContinuation.yield(port) })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("server did not start") }
        return TestServer(
            directory: directory, databasePath: databasePath, store: store, port: port, tokens: tokens,
            bodyBudget: bodyBudget, metrics: metrics, group: group, task: task)
    }

    /// Graceful shutdown, then closes the database.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
        try store.close()
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
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer.start(config: config, users: users)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}
