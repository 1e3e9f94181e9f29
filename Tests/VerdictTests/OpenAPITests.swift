import Foundation
import Testing
import VerdictShared
import Yams

@testable import VerdictServer

@Suite struct OpenAPITests {
    /// `(METHOD, path)` of every operation in the document.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"] as? [String: Any])
        var operations = Set<String>()
        for (path, item) in paths {
            let methods = try #require(item as? [String: Any])
            for method in methods.keys where ["get", "put", "post", "delete", "patch", "head"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func theDocumentDescribesExactlyTheRoutesTheServerHas() throws {
        let store = try SQLiteStore(path: try makeTemporaryDirectory().appendingPathComponent("x.sqlite").path)
        // Hummingbird lists every route it registered, with parameters written as OpenAPI writes them
        // (`/v1/articles/{id}`).
        let routes = buildRouter(store: store, config: ServerConfig()).routes
        let registered = Set(routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = try Self.documentedOperations()
        #expect(documented.subtracting(registered).isEmpty, "documented but not served")
        #expect(registered.subtracting(documented).isEmpty, "served but not documented")
        try store.close()
    }

    @Test func everyDocumentedOperationAnswersWithoutFallingThrough() async throws {
        try await withServer { server in
            let ada = server.client("ada")
            for operation in try Self.documentedOperations() {
                let parts = operation.split(separator: " ")
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(
                    of: "{name}", with: "rita")
                let method = String(parts[0])
                let body = ["POST", "PUT"].contains(method) ? Data("{}".utf8) : nil
                let result = try await ada.request(method, path, body: body)
                #expect(result.error?.message.hasPrefix("no such endpoint") != true, "\(operation)")
                #expect(result.status < 500, "\(operation): \(result.text)")
            }
        }
    }

    @Test func theMutationCodesAreExactlyTheSharedEnum() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let codes = try #require((schemas["MutationCode"] as? [String: Any])?["enum"] as? [String])
        #expect(codes == MutationCode.allCases.map(\.rawValue))
        let result = try #require((schemas["MutationResult"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((result["code"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/MutationCode")
    }

    @Test func itIsServedAsYAML() async throws {
        try await withServer { server in
            let result = try await server.client("rita").get("/v1/openapi.yaml")
            #expect(result.status == 200)
            #expect(result.header("Content-Type")?.hasPrefix("application/yaml") == true)
            #expect(result.text == OpenAPIDocument.yaml)
        }
    }
}
