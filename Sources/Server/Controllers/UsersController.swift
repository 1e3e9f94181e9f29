import Hummingbird
import VerdictShared

/// `/v1/users`: user management over HTTP (admins). The same operations exist as `verdict-server users`.
struct UsersController {
    let store: any UserStore
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("users", use: list)
        group.post("users", use: create)
        group.post("users/:name/tokens", use: issueToken)
        group.get("audit", use: audit)
    }

    /// `GET /v1/audit?after=ID&limit=N`: the audit trail, oldest first (admins).
    @Sendable func audit(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let after = try Query.int(request, "after", default: 0, range: 0...Int.max)
        let limit = try Query.int(request, "limit", default: 500, range: 1...5_000)
        let entries = try await store.auditEntries(after: Int64(after), limit: limit)
        return try Response.json(AuditPage(entries: entries, next: entries.count == limit ? entries.last?.id : nil))
    }

    struct NewUser: Codable {
        let name: String
        let role: Role
        let tokenLabel: String?
    }

    struct NewToken: Codable {
        let label: String?
    }

    static let maxLabelScalars = 100

    /// A token label holds at most 100 Unicode scalars, as the OpenAPI `maxLength` counts; the store's own
    /// check counts characters (grapheme clusters), which let 100 letters with combining marks through.
    static func checkLabel(_ label: String?) throws {
        guard let count = label?.unicodeScalars.count, count > maxLabelScalars else { return }
        throw APIError.badRequest(
            "the token label is \(count) Unicode scalars long; the limit is \(maxLabelScalars)")
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
        try Self.checkLabel(input.tokenLabel)
        do {
            return try Response.json(
                try await store.addUser(
                    name: input.name, role: input.role, tokenLabel: input.tokenLabel, auditedAs: context.auditActor),
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
        try Self.checkLabel(label)
        do {
            return try Response.json(
                try await store.issueToken(user: name, label: label, auditedAs: context.auditActor), status: .created)
        } catch let error as StoreError {
            throw error.apiError
        }
    }
}
