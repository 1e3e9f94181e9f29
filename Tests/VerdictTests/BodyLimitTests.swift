import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Request bodies in memory are bounded: server-wide and per user, counted from before the first byte is read; a
/// body declared too large is refused unread; a trickled body is cut off.
@Suite struct BodyLimitTests {
    /// Starts a request whose body is declared `length` bytes long and sends only its first bytes: the server has
    /// counted it and waits for the rest.
    static func halfSentPush(port: Int, token: String, length: Int) throws -> RawHTTPConnection {
        let connection = try RawHTTPConnection(port: port)
        try connection.send(
            "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(length)\r\n\r\n{\"mutations\"")
        return connection
    }

    /// Waits until the server counts `bytes` of bodies in all: a request's headers have been read.
    static func waitForBudget(_ server: TestServer, toReach bytes: Int) throws {
        for _ in 0..<600 where server.bodyBudget.used < bytes { Thread.sleep(forTimeInterval: 0.05) }
        guard server.bodyBudget.used >= bytes else {
            throw RawHTTPError("the server counts \(server.bodyBudget.used) bytes of bodies, not \(bytes), after 30 s")
        }
    }

    /// A push of `length` bytes that is not JSON: 400 once read, 503 while the budget has no room for it.
    static func junkPush(_ server: TestServer, _ user: String, length: Int) throws -> RawHTTPResponse {
        let connection = try RawHTTPConnection(port: server.port, bearerToken: server.tokens[user])
        return try connection.request("POST", "/v1/push", body: Data(repeating: UInt8(ascii: "x"), count: length))
    }

    @Test func largeBodiesWaitTheirTurnPerUserAndServerWide() async throws {
        var config = ServerConfig()
        config.maxBodyBytes = 100_000
        config.bodies.maxBufferedBytesPerUser = 150_000
        config.bodies.maxBufferedBytes = 250_000
        try await withServer(config: config) { server in
            try await offThePool {
                let first = try Self.halfSentPush(port: server.port, token: server.tokens["rita"]!, length: 100_000)
                try Self.waitForBudget(server, toReach: 100_000)
                let refused = try Self.junkPush(server, "rita", length: 60_000)
                #expect(refused.status == 503)
                #expect(refused.header("Retry-After") == "2")
                #expect(
                    String(decoding: refused.body, as: UTF8.self).contains("as many request bodies from you (rita)"),
                    "\(refused.head)")
                // Small bodies still fit in rita's share; other users are not held up by her.
                #expect(try Self.junkPush(server, "rita", length: 40_000).status == 400)
                #expect(try Self.junkPush(server, "ravi", length: 60_000).status == 400)

                // Server-wide: with erin's large body also counted, ravi's does not fit.
                let second = try Self.halfSentPush(port: server.port, token: server.tokens["erin"]!, length: 100_000)
                try Self.waitForBudget(server, toReach: 200_000)
                let busy = try Self.junkPush(server, "ravi", length: 60_000)
                #expect(busy.status == 503)
                #expect(String(decoding: busy.body, as: UTF8.self).contains("from everyone"))

                // Once the bodies have come and been answered, their room is free again.
                for connection in [first, second] {
                    try connection.send(Data(repeating: UInt8(ascii: " "), count: 100_000 - 12))
                    #expect(try connection.readResponse().status == 400)
                }
                #expect(try Self.junkPush(server, "rita", length: 100_000).status == 400)
                #expect(try Self.junkPush(server, "ravi", length: 100_000).status == 400)
            }
        }
    }

    @Test func aDeclaredLengthOverTheLimitIsRefusedUnread() async throws {
        var config = ServerConfig()
        config.maxBodyBytes = 1_048_576
        try await withServer(config: config) { server in
            try await offThePool {
                // Only the headers are sent: the answer comes without waiting for 16 MiB.
                let connection = try Self.halfSentPush(
                    port: server.port, token: server.tokens["rita"]!, length: 16 * 1_048_576)
                let response = try connection.readResponse()
                #expect(response.status == 413)
                #expect(
                    String(decoding: response.body, as: UTF8.self).contains(
                        "16777216 bytes, larger than the 1048576 this server accepts"))
            }
        }
    }

    @Test func aChunkedBodyIsCountedAtTheLimitAndStoppedPastIt() async throws {
        var config = ServerConfig()
        config.maxBodyBytes = 4_096
        try await withServer(config: config) { server in
            try await offThePool {
                let connection = try RawHTTPConnection(port: server.port)
                try connection.send(
                    "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.tokens["rita"]!)\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                // Without a declared length, the largest body is counted while it comes.
                try Self.waitForBudget(server, toReach: 4_096)
                let chunk = String(repeating: " ", count: 1_000)
                for _ in 0..<5 { try connection.send("3e8\r\n\(chunk)\r\n") }
                let (text, _) = try connection.readUntilClosed(timeout: 20)
                #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
                #expect(text.contains("larger than this server accepts"))
                #expect(server.bodyBudget.used == 0)
            }
        }
    }

    @Test func aTrickledBodyIsCutOff() async throws {
        var config = ServerConfig()
        config.bodies.graceSeconds = 1
        config.bodies.minBytesPerSecond = 1_000_000
        try await withServer(config: config) { server in
            try await offThePool {
                let connection = try Self.halfSentPush(port: server.port, token: server.tokens["rita"]!, length: 1_000)
                let (text, closed) = try connection.readUntilClosed(timeout: 20)
                #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
                #expect(text.contains("did not arrive within 2 seconds"))
                #expect(closed, "the connection is closed after a 408")
                // The trickler's share is free again.
                #expect(try Self.junkPush(server, "rita", length: 10_000).status == 400)
            }
        }
    }
}
