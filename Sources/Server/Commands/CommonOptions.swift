import ArgumentParser
import Foundation
import Logging

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long, help: "The SQLite database file (created if missing). Default: $VERDICT_DB or ./verdict.sqlite.")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["VERDICT_DB"] ?? "verdict.sqlite"
    }

    /// Opens the store, turning failures into one clear line; a server passes its `metrics` to time writes.
    func openStore(
        config: ServerConfig = ServerConfig(), metrics: ServerMetrics? = nil
    ) async throws
        -> any VerdictStore
    {
        do {
            return try SQLiteStore(path: path, scale: config.scale, workflow: config.desk.workflow, metrics: metrics)
        } catch {
            throw ValidationError("cannot open database \(path): \(error)")
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
