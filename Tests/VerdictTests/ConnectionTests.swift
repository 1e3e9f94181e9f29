import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@Suite struct ConnectionTests {
    /// How long to wait for the server to hang up: only a bound for a broken server, far above the 1 s idle
    /// timeout on any machine, and under the 60 s `TestServer` uses by default, so that a server that ignored
    /// the injected timeout would not close in time.
    static let hangUpWait: TimeInterval = 30

    @Test func aStalledUploadIsClosedAfterTheIdleTimeout() async throws {
        let idleTimeout = 1.0
        let server = try await TestServer.start(idleTimeout: .seconds(idleTimeout))
        do {
            let token = try #require(server.tokens["erin"])
            let port = server.port
            // Headers promise 100 bytes; 10 arrive, then nothing.
            let (closedAfter, answer, closedByServer) = try await offThePool {
                let connection = try RawHTTPConnection(port: port)
                try connection.send(
                    "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Length: 100\r\n\r\n{\"title\":")
                let start = Date()
                let (answer, closed) = try connection.readUntilClosed(timeout: Self.hangUpWait)
                return (Date().timeIntervalSince(start), answer, closed)
            }
            // The server hung up (rather than the wait running out), and not before the idle timeout: both
            // hold however fast or slow the machine is.
            #expect(closedByServer, "still open after \(closedAfter) s: \(answer)")
            #expect(closedAfter >= idleTimeout / 2, "closed after \(closedAfter) s, before the idle timeout: \(answer)")
            #expect(!answer.hasPrefix("HTTP/1.1 2"), "a half-sent request must not succeed: \(answer)")
            #expect(try await server.client("erin").get("/v1/me").status == 200)
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }
}
