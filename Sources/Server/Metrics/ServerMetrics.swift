import CoreMetrics
import HTTPTypes
import Metrics
import Prometheus
import Synchronization
import VerdictShared

/// The server's metrics, exported in the Prometheus text format by `GET /metrics` (``MetricsController``).
///
/// Everything is recorded through the swift-metrics API, with handles made by one `PrometheusMetricsFactory` over
/// this instance's own `PrometheusCollectorRegistry`. The process-wide `MetricsSystem` is never bootstrapped: each
/// application (each test server, many to a test process) counts on its own, and nothing another library records
/// through the global system shows up here.
final class ServerMetrics: Sendable {
    /// Where every metric lives; ``exposition(databaseBytes:)`` exports it.
    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Connections open now, kept by ``ConnectionCountHandler``.
    let openConnections: CoreMetrics.Meter
    private let databaseBytes: CoreMetrics.Meter
    private let pushes: CoreMetrics.Counter
    private let feedReads: CoreMetrics.Counter
    private let feedChanges: CoreMetrics.Counter
    private let writeTransactions: CoreMetrics.Timer
    /// SQLite's group commit: transactions run, and the writes they held (their ratio is the mean group size).
    private let writeGroups: CoreMetrics.Counter
    private let groupedWrites: CoreMetrics.Counter
    /// By where the mutation came from, then by outcome; made up front, so that every series shows from the start.
    private let mutations: [MutationSource: [MutationStatus: CoreMetrics.Counter]]
    /// Made on a route's first request with a status, then reused.
    private let requests = Mutex<[RequestKey: RequestMetrics]>([:])

    /// Where a mutation came from: a `POST /v1/push` batch, or a plain REST write.
    enum MutationSource: String, CaseIterable, Sendable {
        case push
        case rest
    }

    /// The label of requests no route took (404, and 405 from ``MethodNotAllowedMiddleware``), so that raw paths
    /// never become labels.
    static let unmatchedRoute = "unmatched"

    /// The methods counted by name; any other the HTTP parser lets through (WebDAV's `PROPFIND` and the like) counts
    /// as `other`, so that the series stay few. Routes are patterns and statuses three digits: bounded too.
    static let countedMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .delete, .patch, .options]

    /// The latency buckets of both histograms: a small read answers in well under a millisecond here.
    static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
        openConnections = CoreMetrics.Meter(label: "verdict_open_connections", factory: factory)
        databaseBytes = CoreMetrics.Meter(label: "verdict_database_bytes", factory: factory)
        pushes = CoreMetrics.Counter(label: "verdict_pushes_total", factory: factory)
        feedReads = CoreMetrics.Counter(label: "verdict_feed_reads_total", factory: factory)
        feedChanges = CoreMetrics.Counter(label: "verdict_feed_changes_total", factory: factory)
        writeTransactions = CoreMetrics.Timer(label: "verdict_db_write_transaction_seconds", factory: factory)
        writeGroups = CoreMetrics.Counter(label: "verdict_db_write_groups_total", factory: factory)
        groupedWrites = CoreMetrics.Counter(label: "verdict_db_grouped_writes_total", factory: factory)
        var mutations: [MutationSource: [MutationStatus: CoreMetrics.Counter]] = [:]
        for source in MutationSource.allCases {
            for outcome in [MutationStatus.applied, .merged, .conflict, .rejected] {
                mutations[source, default: [:]][outcome] = CoreMetrics.Counter(
                    label: "verdict_mutations_total",
                    dimensions: [("via", source.rawValue), ("outcome", outcome.rawValue)],
                    factory: factory)
            }
        }
        self.mutations = mutations
    }

    /// One answered request: `route` is the pattern the router matched (`/v1/claims/{id}`), nil when none did.
    func recordRequest(
        method: HTTPRequest.Method, route: String?, status: HTTPResponse.Status, duration: Duration
    ) {
        let route = route.flatMap { $0 == "NotFound" ? nil : $0 } ?? Self.unmatchedRoute
        let key = RequestKey(
            method: Self.countedMethods.contains(method) ? method.rawValue : "other", route: route, status: status.code)
        let metrics = requests.withLock { cache in
            if let metrics = cache[key] { return metrics }
            let metrics = RequestMetrics(key, factory: factory)
            cache[key] = metrics
            return metrics
        }
        metrics.count.increment()
        metrics.duration.record(duration: duration)
    }

    /// A push the server answered mutation by mutation.
    func recordPush() {
        pushes.increment()
    }

    /// The outcomes of mutations, from a push or a REST write.
    func recordMutations(_ outcomes: some Sequence<MutationStatus>, from source: MutationSource) {
        for outcome in outcomes { mutations[source]?[outcome]?.increment() }
    }

    /// A page of the change feed, and how many changes it held.
    func recordFeedRead(changes: Int) {
        feedReads.increment()
        feedChanges.increment(by: changes)
    }

    /// One write transaction, from asking for the writer to commit or rollback.
    func recordWriteTransaction(_ duration: Duration) {
        writeTransactions.record(duration: duration)
    }

    /// One SQLite transaction of the group commit, and how many writes it held.
    func recordWriteGroup(size: Int) {
        writeGroups.increment()
        groupedWrites.increment(by: size)
    }

    /// Every metric in the Prometheus text format, with the database size read now (none when nil).
    func exposition(databaseBytes bytes: Int64?) -> String {
        if let bytes { databaseBytes.set(bytes) }
        return registry.emitToString()
    }
}

extension ServerMetrics {
    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// The handles of one method, route and status.
    private struct RequestMetrics: Sendable {
        let count: CoreMetrics.Counter
        let duration: CoreMetrics.Timer

        init(_ key: RequestKey, factory: PrometheusMetricsFactory) {
            count = CoreMetrics.Counter(
                label: "verdict_http_requests_total",
                dimensions: [("method", key.method), ("route", key.route), ("status", String(key.status))],
                factory: factory)
            duration = CoreMetrics.Timer(
                label: "verdict_http_request_duration_seconds",
                dimensions: [("method", key.method), ("route", key.route)], factory: factory)
        }
    }
}
