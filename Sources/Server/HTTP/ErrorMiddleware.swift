import Hummingbird
import Logging

/// Turns every error into a JSON error body: framework errors (404, 413...) get a message; anything
/// unexpected is logged and answered 500 with a generic message, never with a crash or an empty body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound: message = "no such endpoint: \(request.method.rawValue) \(request.uri.path)"
            case .contentTooLarge: message = "the request body is larger than this server accepts"
            case .methodNotAllowed:
                let allowed = (error as? HTTPError)?.headers[.allow].map { "; it takes \($0)" } ?? ""
                message = "\(request.method.rawValue) is not allowed on \(request.uri.path)\(allowed)"
            default:
                message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            }
            let code = error.status.code == 404 ? "not-found" : "http-\(error.status.code)"
            if let httpError = error as? HTTPError, error.status != .notFound {
                var apiError = APIError(error.status, code: code, message)
                apiError.headers = httpError.headers
                throw apiError
            }
            throw APIError(error.status, code: code, message)
        } catch {
            context.logger.error(
                "request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw APIError(
                .internalServerError, code: "internal", "the server failed to handle this request; see its log")
        }
    }
}
