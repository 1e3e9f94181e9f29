import Hummingbird
import VerdictShared

/// Who am I, the verdict scale, the API description.
struct MetaController {
    let scale: VerdictScale
    let desk: DeskInfo

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("me", use: me)
        group.get("scale", use: scaleHandler)
        group.get("desk", use: deskHandler)
        group.get("openapi.yaml", use: openAPI)
    }

    struct Me: Codable {
        let name: String
        let role: Role
    }

    /// `GET /v1/me`: the authenticated user.
    @Sendable func me(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Response.json(Me(name: context.identity.name, role: context.identity.role))
    }

    /// `GET /v1/scale`: the desk's verdict scale, ordinal labels best to worst.
    @Sendable func scaleHandler(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Response.json(scale)
    }

    /// `GET /v1/desk`: who publishes the desk's verdicts and when a claim counts as settled.
    @Sendable func deskHandler(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try Response.json(desk)
    }

    /// `GET /v1/openapi.yaml`: the OpenAPI 3.1 description of this API.
    @Sendable func openAPI(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
}

/// `/v1/users`: user management over HTTP (admins). The same operations exist as `verdict-server users`.
struct UsersController {
    let store: any VerdictStore
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("users", use: list)
        group.post("users", use: create)
        group.post("users/:name/tokens", use: issueToken)
    }

    struct NewUser: Codable {
        let name: String
        let role: Role
        let tokenLabel: String?
    }

    struct NewToken: Codable {
        let label: String?
    }

    /// `GET /v1/users`.
    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        return try Response.json(["users": try await store.users()])
    }

    /// `POST /v1/users`: creates a user and answers its first token (shown once).
    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        var request = request
        let input = try await request.decodeJSON(NewUser.self, limit: maxBodyBytes)
        do {
            return try Response.json(
                try await store.addUser(name: input.name, role: input.role, tokenLabel: input.tokenLabel),
                status: .created)
        } catch let error as StoreError {
            throw error.apiError
        }
    }

    /// `POST /v1/users/{name}/tokens`: a new token for another device (shown once).
    @Sendable func issueToken(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let name = try context.parameters.require("name")
        var request = request
        let label = try await request.decodeJSONIfPresent(NewToken.self, limit: maxBodyBytes)?.label
        do {
            return try Response.json(try await store.issueToken(user: name, label: label), status: .created)
        } catch let error as StoreError {
            throw error.apiError
        }
    }
}

extension StoreError {
    var apiError: APIError {
        switch code {
        case .invalid: APIError.badRequest(description)
        case .notFound: APIError.notFound(description)
        case .exists: APIError(.conflict, code: "exists", description)
        }
    }
}
