import Hummingbird
import NIOCore
import Synchronization
import VerdictShared

/// The context of every request: who sent it, once ``AuthMiddleware`` has checked the token.
struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?
    let remoteAddress: SocketAddress?
    /// The user's name as the access log (outside the authenticated routes) learns it.
    let user = RequestUser()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        remoteAddress = source.channel.remoteAddress
    }
}

/// Who a request turned out to be from: set by ``AuthMiddleware`` deep in the chain, read by the access log
/// around it, which sees only its own copy of the context.
final class RequestUser: Sendable {
    private let name = Mutex<String?>(nil)
    func set(_ value: String) { name.withLock { $0 = value } }
    var value: String? { name.withLock { $0 } }
}

/// The context of `/v1` routes: its init fails with 401 unless a user was authenticated, so a handler
/// never sees an anonymous request.
struct AuthenticatedContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let identity: Identity
    let remoteAddress: SocketAddress?

    init(context: AppRequestContext) throws {
        guard let identity = context.identity else {
            throw APIError.unauthorized("authentication required: send Authorization: Bearer <token>")
        }
        self.coreContext = context.coreContext
        self.identity = identity
        self.remoteAddress = context.remoteAddress
    }

    /// The user, as an audit entry names them.
    var auditActor: AuditActor { AuditActor(name: identity.name, address: remoteAddress?.ipAddress) }

    /// Throws 403 unless the user's role is at least `role`.
    func require(_ role: Role) throws {
        guard identity.can(role) else {
            throw APIError(
                .forbidden, code: "forbidden",
                "this needs the \(role.rawValue) role; you are a \(identity.role.rawValue)")
        }
    }
}
