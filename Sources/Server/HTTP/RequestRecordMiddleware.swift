import Hummingbird
import Logging

/// Records every request once: counted and timed into ``ServerMetrics`` by method, route pattern and status, and,
/// unless `serve --no-access-log`, one info line (method, route, status, duration, user; never a token).
///
/// Added first, it sees the status the client gets, errors included (they are thrown past it and turned into
/// responses by the router). The route is the pattern the router matched (`/v1/claims/{id}`), never the raw path.
/// The time runs until the response is ready: a streamed body (the export) is not included, and a request is
/// counted before the client has its last byte, so a scrape that follows an answered request always sees it.
/// (Hummingbird's own `MetricsMiddleware` records through the process-wide `MetricsSystem` only; this one takes
/// the application's metrics.)
struct RequestRecordMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics
    let accessLog: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, response.status, since: start)
            return response
        } catch {
            record(request, context, (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func record(
        _ request: Request, _ context: Context, _ status: HTTPResponse.Status, since start: ContinuousClock.Instant
    ) {
        let duration = start.duration(to: .now)
        metrics.recordRequest(method: request.method, route: context.endpointPath, status: status, duration: duration)
        guard accessLog else { return }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "route": "\(context.endpointPath ?? "(no route)")",
                "status": "\(status.code)",
                "ms": "\((milliseconds * 100).rounded() / 100)",
                "user": "\(context.user.value ?? "-")",
            ])
    }
}
