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

    @Test func everyOperationDocumentsTheRoutingAndAuthErrors() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        for (path, item) in paths {
            for (method, operation) in try #require(item as? [String: Any]) where method != "parameters" {
                let responses = try #require((operation as? [String: Any])?["responses"] as? [String: Any])
                #expect(responses["405"] != nil, "\(method) \(path) lists no 405")
                #expect(!path.hasPrefix("/v1") || responses["401"] != nil, "\(method) \(path) lists no 401")
            }
        }
    }

    @Test func theDocumentStatesTheContentLimitsTheServerEnforces() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func property(_ schema: String, _ name: String, _ key: String) -> Int? {
            let properties = (schemas[schema] as? [String: Any])?["properties"] as? [String: Any]
            return (properties?[name] as? [String: Any])?[key] as? Int
        }
        let limits = ContentLimits()
        #expect(property("ArticleInput", "title", "maxLength") == limits.title)
        #expect(property("ArticleInput", "source", "maxLength") == limits.source)
        #expect(property("ArticleInput", "body", "maxLength") == limits.body)
        #expect(property("ClaimInput", "quote", "maxLength") == limits.quote)
        #expect(property("VerdictInput", "rationale", "maxLength") == limits.rationale)
        #expect(property("VerdictInput", "evidence", "maxItems") == limits.evidenceItems)
        #expect(property("PublicationInput", "summary", "maxLength") == limits.rationale)
        #expect(property("PublicationInput", "claimAuthor", "maxLength") == limits.title)
        #expect(property("PublicationInput", "evidence", "maxItems") == limits.evidenceItems)
        #expect(property("Evidence", "note", "maxLength") == limits.evidenceNote)
        #expect((schemas["HTTPURL"] as? [String: Any])?["maxLength"] as? Int == limits.url)
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
