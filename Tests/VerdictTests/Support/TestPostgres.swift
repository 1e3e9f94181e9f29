import Foundation
import PostgresNIO
import VerdictTestSupport

@testable import VerdictServer

/// The PostgreSQL cluster the tests run against, and a fresh database in it per test.
///
/// `VERDICT_TEST_POSTGRES` names the cluster (a `postgres://` URL of a database to connect to for `CREATE
/// DATABASE`, as `scripts/test.sh` sets it). Without it, the first test that asks starts a throwaway cluster with
/// `scripts/postgres.sh` in a temporary folder, once per test process, and a watcher stops it and removes the
/// folder when the process ends (however it ends), so that `swift test` alone works. When neither is possible the
/// tests fail with what to do: they are never skipped.
enum TestPostgres {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The cluster, found or started on first use.
    private static let cluster = Task<PostgresURL, any Error> { try await offThePool { try findOrStart() } }

    /// The maintenance database's URL.
    static func url() async throws -> PostgresURL { try await cluster.value }

    /// A new, empty database `verdict_test_<random>` and a `drop` that removes it (sessions still open included).
    static func makeDatabase() async throws -> (PostgresClient.Configuration, drop: @Sendable () async throws -> Void) {
        let cluster = try await url()
        let name = "verdict_test_" + (0..<16).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
        do {
            // The name is made here of hex digits: safe to write into the statement, which takes no parameters.
            try await withClient(cluster.configuration) { client in
                _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            }
        } catch {
            throw Unavailable(
                description: "could not create a test database on \(cluster.display): \(PostgresStore.reason(error))."
                    + " Point VERDICT_TEST_POSTGRES at a cluster where the tests may create databases, or unset it")
        }
        var configuration = cluster.configuration
        configuration.database = name
        let drop: @Sendable () async throws -> Void = {
            try await withClient(cluster.configuration) { client in
                _ = try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            }
        }
        return (configuration, drop)
    }

    /// A new database as ``makeDatabase()`` makes it, with its URL too, for `verdict-server --db` in another
    /// process.
    static func makeDatabaseURL() async throws -> (
        url: String, configuration: PostgresClient.Configuration, drop: @Sendable () async throws -> Void
    ) {
        let cluster = try await url()
        let (configuration, drop) = try await makeDatabase()
        guard let database = configuration.database, let scheme = cluster.display.range(of: "://"),
            let slash = cluster.display[scheme.upperBound...].firstIndex(of: "/")
        else { throw Unavailable(description: "cannot make a database URL from \(cluster.display)") }
        let query = cluster.display[slash...].firstIndex(of: "?").map { String(cluster.display[$0...]) } ?? ""
        return (String(cluster.display[..<slash]) + "/" + database + query, configuration, drop)
    }

    /// Runs `body` with a fresh database and always drops it afterwards.
    static func withDatabase<T: Sendable>(_ body: (PostgresClient.Configuration) async throws -> T) async throws -> T {
        let (configuration, drop) = try await makeDatabase()
        do {
            let result = try await body(configuration)
            try await drop()
            return result
        } catch {
            try? await drop()
            throw error
        }
    }

    /// Runs `body` with a client of its own over `configuration`, closed afterwards.
    static func withClient<T: Sendable>(
        _ configuration: PostgresClient.Configuration, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    private static func findOrStart() throws -> PostgresURL {
        if let named = ProcessInfo.processInfo.environment["VERDICT_TEST_POSTGRES"], !named.isEmpty {
            do {
                return try PostgresURL(parsing: named)
            } catch {
                throw Unavailable(description: "VERDICT_TEST_POSTGRES is not a usable PostgreSQL URL: \(error)")
            }
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/postgres.sh")
        guard FileManager.default.isExecutableFile(atPath: script.path) else {
            throw Unavailable(
                description: "VERDICT_TEST_POSTGRES is not set and \(script.path) is missing: set it to the URL of a"
                    + " PostgreSQL cluster where the tests may create databases (scripts/test.sh does)")
        }
        // Short: the cluster's Unix socket lives in it, and socket paths are limited to 107 bytes.
        let folder = "/tmp/verdict-pg-\(UUID().uuidString.prefix(8))"
        let started = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["bash", script.path, "start", folder], timeout: 180)
        guard started.status == 0 else {
            throw Unavailable(
                description: "VERDICT_TEST_POSTGRES is not set and scripts/postgres.sh could not start a cluster"
                    + " (\(started.stderr.trimmingCharacters(in: .whitespacesAndNewlines))). Install PostgreSQL"
                    + " (scripts/install-deps.sh does) or set VERDICT_TEST_POSTGRES to a cluster's URL")
        }
        try watchForExit(stopping: folder, with: script.path)
        let url = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", script.path, "url", folder])
        return try PostgresURL(parsing: url.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Starts a watcher in a session of its own (so that signals to the test's process group do not reach it) that
    /// waits for this process to end, then stops the cluster and removes its folder.
    private static func watchForExit(stopping folder: String, with script: String) throws {
        // SpawnedProcess, not Foundation's Process (see there); no pipes, since the watcher outlives this process.
        let watcher = SpawnedProcess()
        watcher.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        watcher.arguments = [
            "--fork", "/bin/sh", "-c",
            #"while kill -0 "$1" 2>/dev/null; do sleep 1; done; bash "$2" stop "$3"; rm -rf "$3""#, "watcher",
            "\(ProcessInfo.processInfo.processIdentifier)", script, folder,
        ]
        watcher.standardInput = FileHandle.nullDevice
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        watcher.waitUntilExit()
    }
}
