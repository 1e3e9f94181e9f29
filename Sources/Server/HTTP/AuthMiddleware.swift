import Foundation
import Hummingbird
import Logging

/// Checks `Authorization: Bearer <token>` and stores the user in the context; 401 when absent or invalid.
///
/// A failure is logged (address, what was wrong, the path; never anything of the token), at most one line per
/// address every few seconds, and an address that keeps failing waits longer and longer for its answers
/// (``AuthFailures``).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any UserStore
    var failures = AuthFailures()

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            // No credentials at all is how every client starts (and how `/v1/openapi.yaml` is browsed): refused,
            // not counted as a guess.
            throw APIError.unauthorized("authentication required: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            try await failed("malformed Authorization header", request, context)
            throw APIError.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let identity = try await store.authenticate(token: token) else {
            try await failed("token not valid", request, context)
            throw APIError.unauthorized("the token is not valid: unknown, revoked, or its user is disabled")
        }
        var context = context
        context.identity = identity
        context.user.set(identity.name)
        context.logger[metadataKey: "user"] = .string(identity.name)
        return try await next(request, context)
    }

    private func failed(_ reason: String, _ request: Request, _ context: Context) async throws {
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        let decision = failures.record(address)
        if let count = decision.logFailures {
            var metadata: Logger.Metadata = [
                "address": "\(address)", "reason": "\(reason)", "path": "\(request.uri.path.prefix(200))",
                "failures_last_minute": "\(count)",
            ]
            if decision.unlogged > 0 { metadata["not_logged_since_last"] = "\(decision.unlogged)" }
            if decision.delay > .zero { metadata["answer_delayed"] = "\(decision.delay)" }
            context.logger.warning("authentication failed", metadata: metadata)
        }
        if decision.delay > .zero { try await Task.sleep(for: decision.delay) }
    }
}
