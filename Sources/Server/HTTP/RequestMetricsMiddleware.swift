import Hummingbird

/// Counts every request by method, route pattern and status, and times it, into ``ServerMetrics``.
///
/// Hummingbird's own `MetricsMiddleware` records through the process-wide `MetricsSystem` only; this one takes the
/// application's metrics. Added first, it sees the status the client gets, errors included (they are thrown past
/// it and turned into responses by the router). The time runs until the response is ready: a streamed body (the
/// export) is not included, and a request is counted before the client has its last byte, so a scrape that follows
/// an answered request always sees it.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

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
        // The router stores the matched route's pattern in the context (`/v1/claims/{id}`), never the raw path.
        metrics.recordRequest(
            method: request.method, route: context.endpointPath, status: status, duration: start.duration(to: .now))
    }
}
