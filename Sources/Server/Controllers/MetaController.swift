import Hummingbird
import VerdictShared

/// Who am I, the verdict scale, the desk, the API description.
struct MetaController {
    let scale: VerdictScale
    let desk: DeskInfo

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("me", use: me)
        group.get("scale", use: scaleHandler)
        group.get("desk", use: deskHandler)
        group.get("openapi.yaml", use: openAPI)
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
