import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@Suite struct ConnectionTests {
    @Test func aStalledUploadIsClosedAfterTheIdleTimeout() async throws {
        let server = try await TestServer.start(idleTimeout: .seconds(1))
        do {
            let token = try #require(server.tokens["erin"])
            let port = server.port
            // Headers promise 100 bytes; 10 arrive, then nothing.
            let (closedAfter, answer) = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                try connection.send(
                    "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Length: 100\r\n\r\n{\"title\":")
                let start = Date()
                let answer = try connection.readAll()  // returns when the server closes, or after 10 s
                return (Date().timeIntervalSince(start), answer)
            }
            #expect(closedAfter < 6, "closed after \(closedAfter) s: \(answer)")
            #expect(!answer.hasPrefix("HTTP/1.1 2"), "a half-sent request must not succeed: \(answer)")
            #expect(try await server.client("erin").get("/v1/me").status == 200)
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }
}
