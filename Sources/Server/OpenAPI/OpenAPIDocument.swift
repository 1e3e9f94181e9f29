/// The OpenAPI 3.1 description of the HTTP API, served at `GET /v1/openapi.yaml`. The text is `openapi.yaml`
/// beside this file, which SwiftPM embeds in the binary (`.embedInCode` in Package.swift). A test holds it to
/// the routes the server registers; keep both in step.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
