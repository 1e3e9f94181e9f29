import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import VerdictShared

/// Where and how to serve.
struct ServeOptions: Sendable {
    var host = "127.0.0.1"
    /// 0 picks a free port; `onServerRunning` learns which.
    var port = 8080
    /// A connection that sends nothing for this long (say, an upload stalled halfway) is closed, so it can
    /// neither pin resources nor hold up a graceful shutdown.
    var idleTimeout: Duration = .seconds(60)
    /// One info line per request (``RequestRecordMiddleware``); `serve --no-access-log` turns it off.
    var accessLog = true
    /// Compressed response bodies (``CompressionMiddleware``) for clients that ask; `serve --no-compression` turns
    /// them off.
    var compression = true
    /// HTTPS with this certificate and key (`serve --tls-cert --tls-key`, checked by `TLSFiles`); plain HTTP when nil.
    var tls: TLSConfiguration? = nil
}

/// Builds the whole HTTP application over a store. `main` and the tests both call this.
func buildApplication(
    store: any VerdictStore, config: ServerConfig, options: ServeOptions, logger: Logger,
    bodyBudget: BodyBudget? = nil, metrics: ServerMetrics = ServerMetrics(), services: [any Service] = [],
    beforeServing: @escaping @Sendable () async throws -> Void = {},
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(
        store: store, config: config, bodyBudget: bodyBudget, accessLog: options.accessLog, metrics: metrics,
        compression: options.compression)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionCountHandler(metrics.openConnections)],
                idleTimeout: TimeAmount(options.idleTimeout)),
            tls: options.tls),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "verdict-server"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
        logger: logger
    )
    app.beforeServerStarts(perform: beforeServing)
    return app
}

/// The routes: `/health` without auth, everything under `/v1` and `/metrics` (admins) with a bearer token.
func buildRouter(
    store: any VerdictStore, config: ServerConfig, bodyBudget: BodyBudget? = nil, accessLog: Bool = true,
    metrics: ServerMetrics = ServerMetrics(), compression: Bool = true
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestRecordMiddleware(metrics: metrics, accessLog: accessLog))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.get("health") { _, _ in
        Response.rawJSON("{\"status\":\"ok\"}")
    }
    // One instance for `/v1` and `/metrics`, so that failed guesses count against one address whichever path.
    let auth = AuthMiddleware(store: store)
    let api = router.group("v1").add(middleware: auth).group(
        context: AuthenticatedContext.self
    )
    .add(
        middleware: BodyLimitMiddleware(
            budget: bodyBudget ?? BodyBudget(config),
            maxBodyBytes: config.maxBodyBytes, limits: config.bodies))
    if compression { api.add(middleware: CompressionMiddleware()) }
    let writes = RecordWrites(store: store, metrics: metrics)
    let limit = config.maxBodyBytes
    MetaController(scale: config.scale, desk: config.desk).addRoutes(to: api)
    ArticlesController(store: store, writes: writes, maxBodyBytes: limit).addRoutes(to: api)
    ClaimsController(store: store, writes: writes, maxBodyBytes: limit).addRoutes(to: api)
    VerdictsController(store: store, writes: writes, maxBodyBytes: limit, workflow: config.desk.workflow).addRoutes(
        to: api)
    SyncController(
        store: store, maxBodyBytes: limit, maxBatch: config.maxPushBatch, workflow: config.desk.workflow,
        metrics: metrics
    ).addRoutes(to: api)
    PublicationsController(store: store, writes: writes, maxBodyBytes: limit, workflow: config.desk.workflow)
        .addRoutes(to: api)
    AssignmentsController(store: store, writes: writes, maxBodyBytes: limit, workflow: config.desk.workflow)
        .addRoutes(to: api)
    UsersController(store: store, maxBodyBytes: limit).addRoutes(to: api)
    ConsensusController(store: store, scale: config.scale, desk: config.desk).addRoutes(to: api)
    MetricsController(store: store, metrics: metrics).addRoutes(
        to: router.group().add(middleware: auth).group(context: AuthenticatedContext.self))
    // Last, so that it wraps only the not-found responder: 405 with `Allow` on a path that exists.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
