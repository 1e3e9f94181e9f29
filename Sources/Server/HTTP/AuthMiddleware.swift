import Foundation
import Hummingbird

/// Checks `Authorization: Bearer <token>` and stores the user in the context; 401 when absent or invalid.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any VerdictStore

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("authentication required: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let identity = try await store.authenticate(token: token) else {
            throw APIError.unauthorized("the token is not valid: unknown, revoked, or its user is disabled")
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user"] = .string(identity.name)
        return try await next(request, context)
    }
}
