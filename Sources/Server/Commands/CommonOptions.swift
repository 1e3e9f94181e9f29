import ArgumentParser
import Foundation
import Logging

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database file (created if missing), or a PostgreSQL URL "
                + "(postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=SOCKET_DIR&sslmode=disable|prefer|require]). "
                + "Default: $VERDICT_DB or ./verdict.sqlite.", valueName: "path-or-url"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["VERDICT_DB"] ?? "verdict.sqlite"
    }

    /// Where the database is: a `postgres://` URL, else a SQLite file.
    func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation(parsing: path)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }

    /// What to call the database in messages and logs: the path, or the URL without its password.
    var display: String {
        if case .postgres(_, let display) = try? location() { return display }
        return path
    }

    /// Opens the store, turning failures into one clear line; a server passes its `metrics` to time writes.
    /// `forService`: a PostgreSQL store is left for the server's service group to run and ready
    /// (``VerdictStore/service``, ``runServer``) instead of running its own pool.
    func openStore(
        config: ServerConfig = ServerConfig(), metrics: ServerMetrics? = nil, logger: Logger? = nil,
        forService: Bool = false
    )
        async throws -> any VerdictStore
    {
        let location = try location()
        do {
            switch location {
            case .sqlite(let path):
                return try SQLiteStore(
                    path: path, scale: config.scale, workflow: config.desk.workflow, metrics: metrics)
            case .postgres(let configuration, _) where forService:
                return try PostgresStore.forService(
                    configuration, scale: config.scale, workflow: config.desk.workflow, metrics: metrics,
                    logger: logger ?? Logger(label: "verdict-server.postgres"))
            case .postgres(let configuration, _):
                return try await PostgresStore.start(
                    configuration, scale: config.scale, workflow: config.desk.workflow, metrics: metrics,
                    logger: logger ?? Logger(label: "verdict-server.postgres"))
            }
        } catch {
            throw ValidationError("cannot open database \(display): \(PostgresStore.reason(error))")
        }
    }
}

/// Installs the logfmt handler once per process.
enum Logs {
    private static let bootstrap: Void = LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label) }

    static func logger(level: Logger.Level) -> Logger {
        _ = bootstrap
        var logger = Logger(label: "verdict-server")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
