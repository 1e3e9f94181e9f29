import Hummingbird
import VerdictShared

/// The context of every request: who sent it, once ``AuthMiddleware`` has checked the token.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
    }
}

/// The context of `/v1` routes: its init fails with 401 unless a user was authenticated, so a handler
/// never sees an anonymous request.
struct AuthenticatedContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let identity: Identity

    init(context: AppRequestContext) throws {
        guard let identity = context.identity else {
            throw APIError.unauthorized("authentication required: send Authorization: Bearer <token>")
        }
        self.coreContext = context.coreContext
        self.identity = identity
    }

    /// Throws 403 unless the user's role is at least `role`.
    func require(_ role: Role) throws {
        guard identity.can(role) else {
            throw APIError(
                .forbidden, code: "forbidden",
                "this needs the \(role.rawValue) role; you are a \(identity.role.rawValue)")
        }
    }
}
