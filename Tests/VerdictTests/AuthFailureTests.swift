import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Who knocked: failed authentications are logged without token material and rate-limited per address, and an
/// address that keeps failing is answered more and more slowly; every request leaves one access-log line.
@Suite struct AuthFailureTests {
    @Test func repeatedFailuresAreDelayedAndLoggedSparingly() {
        let failures = AuthFailures()
        let start = ContinuousClock.now
        var decisions: [AuthFailures.Decision] = []
        for second in 0..<12 {
            decisions.append(failures.record("203.0.113.9", now: start + .milliseconds(second * 100)))
        }
        #expect(decisions.prefix(5).allSatisfy { $0.delay == .zero }, "a few mistakes are not slowed down")
        #expect(Array(decisions[5...].map(\.delay).prefix(6)) == [0.25, 0.5, 1, 2, 4, 5].map { Duration.seconds($0) })
        #expect(decisions.last?.delay == .seconds(5))
        #expect(decisions.compactMap(\.logFailures) == [1], "one line within the interval")
        // The next line, once the interval has passed, says how many went unlogged.
        let later = failures.record("203.0.113.9", now: start + .seconds(11))
        #expect(later.logFailures == 13 && later.unlogged == 11)
        // Another address is its own; a minute later the count starts again.
        #expect(failures.record("198.51.100.1", now: start + .seconds(11)).delay == .zero)
        let fresh = failures.record("203.0.113.9", now: start + .seconds(75))
        #expect(fresh.delay == .zero && fresh.logFailures == 1)
    }

    @Test func theServerLogsFailuresAndRequestsWithoutTokens() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("verdict.sqlite").path
        let added = try ServerBinary.run(["users", "add", "erin", "--role", "editor", "--db", db, "--json"])
        let token = try JSONDecoder().decode(IssuedToken.self, from: Data(added.stdout.utf8)).token
        let server = try RunningServerProcess(arguments: ["serve", "--db", db, "--port", "0"])
        defer { server.signal(SIGKILL) }
        let port = try server.waitForPort()
        let guess = "vdt_" + String(repeating: "5ec7e7", count: 10)
        for _ in 0..<7 {
            let response = try RawHTTPConnection(port: port, bearerToken: guess).request("GET", "/v1/me")
            #expect(response.status == 401)
        }
        #expect(try RawHTTPConnection(port: port, bearerToken: token).request("GET", "/v1/articles/nope").status == 404)
        #expect(server.waitForOutput("route=/v1/articles/{id}"), "\(server.text)")
        let lines = server.text.split(separator: "\n")
        let failed = lines.filter { $0.contains("msg=\"authentication failed\"") }
        #expect(failed.count == 1, "rate-limited: \(failed)")
        #expect(
            failed.first?.contains("address=127.0.0.1") == true && failed.first?.contains("token not valid") == true)
        #expect(!server.text.contains("5ec7e7") && !server.text.contains(token), "no token material in the log")
        let access = lines.filter { $0.contains("msg=request") }
        #expect(access.count == 8, "\(access)")
        #expect(access.last?.contains("method=GET") == true && access.last?.contains("status=404") == true)
        #expect(access.last?.contains("user=erin") == true && access.first?.contains("user=-") == true)
        #expect(access.first?.contains("route=/v1/me") == true && access.first?.contains("status=401") == true)
    }

    @Test func theAccessLogCanBeTurnedOff() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("verdict.sqlite").path
        let server = try RunningServerProcess(arguments: ["serve", "--db", db, "--port", "0", "--no-access-log"])
        defer { server.signal(SIGKILL) }
        let port = try server.waitForPort()
        #expect(try RawHTTPConnection(port: port).request("GET", "/health").status == 200)
        #expect(try RawHTTPConnection(port: port).request("GET", "/health").status == 200)
        server.signal(SIGTERM)
        _ = try server.waitForExit()
        #expect(!server.text.contains("msg=request"), "\(server.text)")
    }
}
