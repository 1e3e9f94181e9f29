import HTTPTypes
import Hummingbird

/// Tells "no such path" (404) from "this path, but not this method" (405 with `Allow`), for the whole router.
///
/// Hummingbird answers both with its not-found responder. Added to the router **after every route**, this
/// middleware wraps that responder only (a router middleware applies to the routes added after it, and to
/// the not-found responder built at the end), so it runs exactly when no route took the request. It then
/// looks the path up in the route table the router built (`Router.routes`), so the methods it lists are
/// the ones registered, never a copy kept by hand.
///
/// Routing answers before authentication: an unknown path is 404 and a known path with another method is
/// 405, with or without a token, as Hummingbird's 404 always was; a route that exists checks the token first.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes by path, with the methods each takes.
    private let table: [(path: RouterPath, methods: [HTTPRequest.Method])]

    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        // The most literal path first, as the router's trie prefers a literal segment to a capture.
        table = byPath.values.sorted { Self.literalCount($0.path) > Self.literalCount($1.path) }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let match = table.first(where: { Self.matches($0.path, segments) }) else {
            return try await next(request, context)
        }
        let allowed = Set(match.methods.map(\.rawValue)).sorted().joined(separator: ", ")
        // The route it is, for the request metrics (`RequestRecordMiddleware`), as the router does for a match.
        context.coreContext.endpointPath.value = match.path.description
        throw HTTPError(.methodNotAllowed, headers: [.allow: allowed])
    }

    private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        guard path.components.count == segments.count else { return false }
        return zip(path.components, segments).allSatisfy { $0 ~= $1 }
    }

    private static func literalCount(_ path: RouterPath) -> Int {
        // `==` holds only for a literal segment, whose description is its text.
        path.components.filter { $0 == $0.description }.count
    }
}
