import ArgumentParser
import Hummingbird
import HummingbirdTLS
import Logging

/// `verdict-server serve`: run the HTTP server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server.",
        discussion: """
            Stops gracefully on SIGTERM or SIGINT: requests in flight are finished, new connections refused. \
            Logs go to standard error in logfmt. With --tls-cert and --tls-key it serves HTTPS (TLS 1.2 or \
            later) itself; both files are checked before the server binds.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var tls: TLSOptions

    func validate() throws {
        guard (tls.certificate == nil) == (tls.key == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both, or neither for plain HTTP")
        }
        // The files are read again in `run`; checked here too, a problem comes with this command's usage.
        _ = try tls.configuration()
    }

    func run() async throws {
        let config = try loadConfig(server.config)
        var options = server.serveOptions
        options.tls = try tls.configuration()
        let metrics = ServerMetrics()
        let logger = Logs.logger(level: server.logLevel)
        let store = try await database.openStore(config: config, metrics: metrics, logger: logger)
        try await runServer(
            store: store, config: config, options: options, metrics: metrics,
            logger: logger, databasePath: database.display)
    }
}

/// `--tls-cert` and `--tls-key`: serve HTTPS directly.
struct TLSOptions: ParsableArguments {
    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "A PEM file with the server's certificate (then any intermediates) to serve HTTPS.", valueName: "file"))
    var certificate: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp("A PEM file with the certificate's private key, unencrypted.", valueName: "file"))
    var key: String?

    /// The TLS configuration the files make, nil without them; a problem with them is a usage error.
    func configuration() throws -> TLSConfiguration? {
        guard let certificate, let key else { return nil }
        do {
            return try TLSFiles(certificatePath: certificate, keyPath: key).configuration()
        } catch let problem as TLSFiles.Problem {
            throw ValidationError(problem.description)
        }
    }
}

/// Where to listen, the config file and the log level: shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "A JSON config file: desk, verdict scale, size limits (see README).")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Flag(
        inversion: .prefixedNo,
        help: "Log one info line per request: method, route, status, duration and user (never a token).")
    var accessLog = true

    var serveOptions: ServeOptions {
        var options = ServeOptions(host: host, port: port)
        options.accessLog = accessLog
        return options
    }
}

/// Loads the config file or exits with its problem.
func loadConfig(_ path: String?) throws -> ServerConfig {
    do {
        return try ServerConfig.load(path: path)
    } catch let error as ConfigError {
        throw ValidationError(error.description)
    }
}

/// Serves until SIGTERM/SIGINT, then closes the database. `metrics` are the store's (``DatabaseOptions/openStore``),
/// exported at `GET /metrics`.
func runServer(
    store: any VerdictStore, config: ServerConfig, options: ServeOptions, metrics: ServerMetrics, logger: Logger,
    databasePath: String, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws {
    let app = buildApplication(
        store: store, config: config, options: options, logger: logger, metrics: metrics,
        onServerRunning: { port in
            logger.info(
                "verdict-server listening",
                metadata: [
                    "url": "\(options.tls == nil ? "http" : "https")://\(options.host):\(port)",
                    "db": "\(databasePath)",
                ])
            await onRunning(port)
        })
    // Remembered push outcomes are kept for the configured window; older ones go hourly, in small batches.
    let pruning = Task {
        await store.pruneRememberedOutcomes(
            keepingDays: config.rememberOutcomesDays, every: .seconds(3600), logger: logger)
    }
    do {
        try await app.runService()
    } catch {
        pruning.cancel()
        throw error
    }
    pruning.cancel()
    await pruning.value
    try await store.close()
    logger.info("verdict-server stopped")
}
