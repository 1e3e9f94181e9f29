import ArgumentParser
import Hummingbird
import HummingbirdTLS
import Logging
import Synchronization

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
        let store = try await database.openStore(
            config: config, metrics: metrics, logger: logger, forService: true)
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

    @Flag(
        inversion: .prefixedNo,
        help: """
            Compress feed pages, exports and other large answers with gzip or deflate for clients that send \
            Accept-Encoding (the verdict client does); --no-compression sends every body as it is.
            """)
    var compression = true

    var serveOptions: ServeOptions {
        var options = ServeOptions(host: host, port: port)
        options.accessLog = accessLog
        options.compression = compression
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
    let pruning = BackgroundTask()
    // A PostgreSQL store's pool runs in the server's service group, listed before the HTTP server so that it
    // stops after it; the server binds once the store is ready (reached and migrated).
    let services = store.service.map { [$0] } ?? []
    let app = buildApplication(
        store: store, config: config, options: options, logger: logger, metrics: metrics, services: services,
        beforeServing: {
            do {
                try await store.service?.ready()
            } catch {
                throw ValidationError("cannot open database \(databasePath): \(PostgresStore.reason(error))")
            }
        },
        onServerRunning: { port in
            logger.info(
                "verdict-server listening",
                metadata: [
                    "url": "\(options.tls == nil ? "http" : "https")://\(options.host):\(port)",
                    "db": "\(databasePath)",
                ])
            // Remembered push outcomes are kept for the configured window; older ones go hourly, in small
            // batches, from when the store is ready and the server bound.
            pruning.start {
                await store.pruneRememberedOutcomes(
                    keepingDays: config.rememberOutcomesDays, every: .seconds(3600), logger: logger)
            }
            await onRunning(port)
        })
    do {
        try await app.runService()
    } catch {
        await pruning.stop()
        throw error
    }
    await pruning.stop()
    try await store.close()
    logger.info("verdict-server stopped")
}

/// A task started once something is ready and stopped with the server: the pruning of remembered outcomes.
final class BackgroundTask: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func start(_ body: @escaping @Sendable () async -> Void) {
        task.withLock { task in
            if task == nil { task = Task { await body() } }
        }
    }

    /// Cancels the task and waits for it to end.
    func stop() async {
        guard let running = task.withLock({ $0 }) else { return }
        running.cancel()
        await running.value
    }
}
