import Hummingbird
import VerdictShared

/// `GET /metrics`: the server's metrics in the Prometheus text format, for admins.
///
/// Outside `/v1`, where Prometheus looks by default, but authenticated as `/v1` is: a bearer token of an admin.
struct MetricsController {
    let store: any VerdictStore
    let metrics: ServerMetrics

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("metrics", use: scrape)
    }

    /// `GET /metrics`: every metric, with the database size read now.
    @Sendable func scrape(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let text = metrics.exposition(databaseBytes: try await store.storageBytes())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
