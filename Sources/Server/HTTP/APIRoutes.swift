import Hummingbird

/// Registers the authenticated `/v1` routes and remembers them, so a test can hold the OpenAPI document
/// to exactly the routes the server has. Used only while the router is built.
final class APIRoutes {
    typealias Handler = @Sendable (Request, AuthenticatedContext) async throws -> Response

    /// `(method, path)` pairs with OpenAPI-style parameters, e.g. `("GET", "/v1/articles/{id}")`.
    private(set) var registered: [(method: String, path: String)] = []
    private let group: RouterGroup<AuthenticatedContext>
    private let prefix: String

    init(group: RouterGroup<AuthenticatedContext>, prefix: String) {
        self.group = group
        self.prefix = prefix
    }

    func get(_ path: String, use handler: @escaping Handler) { add(.get, path, handler) }
    func post(_ path: String, use handler: @escaping Handler) { add(.post, path, handler) }
    func put(_ path: String, use handler: @escaping Handler) { add(.put, path, handler) }
    func delete(_ path: String, use handler: @escaping Handler) { add(.delete, path, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        group.on(RouterPath(path), method: method, use: handler)
        let documented = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        registered.append((method.rawValue, prefix + "/" + documented.joined(separator: "/")))
    }
}
