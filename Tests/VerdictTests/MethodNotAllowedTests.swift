import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// A path the server has, asked with a method it does not take, is a 405 listing the methods it takes; an
/// unknown path stays a 404. Both are answered before the token is checked, as 404s always were.
@Suite struct MethodNotAllowedTests {
    static let methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]

    /// The documented methods of each documented path, with its parameters filled in.
    static func documentedPaths() throws -> [String: Set<String>] {
        var paths: [String: Set<String>] = [:]
        for operation in try OpenAPITests.documentedOperations() {
            let parts = operation.split(separator: " ")
            let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(
                of: "{name}", with: "rita")
            paths[path, default: []].insert(String(parts[0]))
        }
        return paths
    }

    @Test func everyPathAnswersAnyOtherMethodWith405AndAllow() async throws {
        try await withServer { server in
            for (path, allowed) in try Self.documentedPaths() {
                let allow = allowed.sorted().joined(separator: ", ")
                for method in Self.methods where !allowed.contains(method) {
                    for user in ["ada", nil] {
                        let result = try await server.client(user).request(method, path)
                        let asked = "\(method) \(path) as \(user ?? "anonymous")"
                        #expect(result.status == 405, "\(asked): \(result.status) \(result.text)")
                        #expect(result.header("Allow") == allow, "\(asked)")
                        #expect(result.error?.code == "http-405", "\(asked): \(result.text)")
                        #expect(result.error?.message.hasSuffix("it takes \(allow)") == true, "\(asked)")
                    }
                }
            }
        }
    }

    @Test func theExamplesOfTheIssue() async throws {
        try await withServer { server in
            let ada = server.client("ada")
            let cases = [
                ("DELETE", "/v1/me", "GET"), ("PATCH", "/v1/articles/a1", "GET, PUT"), ("POST", "/health", "GET"),
            ]
            for (method, path, allow) in cases {
                let result = try await ada.request(method, path)
                #expect(result.status == 405 && result.header("Allow") == allow, "\(method) \(path): \(result.text)")
                #expect(result.header("Content-Type")?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func unknownPathsStay404WithOrWithoutAToken() async throws {
        try await withServer { server in
            let paths = ["/nope", "/v1", "/v1/nope", "/v1/articles/a1/nope", "/v1/users/rita/tokens/1", "/health/x"]
            for path in paths {
                for user in ["ada", nil] {
                    for method in ["GET", "DELETE"] {
                        let result = try await server.client(user).request(method, path)
                        #expect(result.status == 404, "\(method) \(path): \(result.status) \(result.text)")
                        #expect(result.header("Allow") == nil)
                        #expect(result.error?.code == "not-found")
                    }
                }
            }
        }
    }

    @Test func aRouteThatExistsStillChecksTheTokenFirst() async throws {
        try await withServer { server in
            let result = try await server.client(nil).request("DELETE", "/v1/verdicts/v1", headers: ["If-Match": "1"])
            #expect(result.status == 401)
            #expect(result.header("WWW-Authenticate") == "Bearer")
        }
    }
}
