import Foundation
import Testing
import VerdictTestSupport

/// `verdict` warns, once a run, before its token goes over plain http to another machine.
@Suite struct PlainHTTPWarningTests {
    static let warning = "over plain http"

    /// Logs in with a token file; the answer, whatever it is.
    func login(
        _ client: ClientWorkspace, server: String, token: String = "vdt_x", retries: Int = 0
    ) async throws
        -> ProcessOutput
    {
        let tokenFile = client.dataHome.appendingPathComponent("token.txt")
        try Data(token.utf8).write(to: tokenFile)
        return try await client.run(
            [
                "login", "--server", server, "--user", client.user, "--token-file", tokenFile.path,
                "--connect-timeout", "0.5", "--timeout", "2",
            ], environment: ["VERDICT_RETRIES": "\(retries)"])
    }

    @Test func aTokenOverPlainHTTPToAnotherMachineIsWarnedOfOnce() async throws {
        // 192.0.2.1 (TEST-NET-1) answers nobody: the login fails, after three attempts, each said on stderr.
        let client = try ClientWorkspace(user: "rita")
        let result = try await login(client, server: "http://192.0.2.1:9", retries: 2)
        #expect(result.status != 0, "\(result)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains(Self.warning) }
        #expect(warnings.count == 1, "\(result)")
        #expect(warnings.first?.contains("http://192.0.2.1:9") == true, "\(result)")
        #expect(result.stderr.contains("trying again"), "the retries were made: \(result)")
    }

    @Test func loopbackAndHTTPSAreNotWarnedOf() async throws {
        try await withServer { server in
            let rita = try ClientWorkspace(user: "rita")
            for address in [server.baseURL, "http://localhost:\(server.port)"] {
                let result = try await login(rita, server: address, token: server.tokens["rita"] ?? "")
                #expect(result.status == 0, "\(result)")
                #expect(!result.stderr.contains(Self.warning), "\(address): \(result)")
            }
            #expect(!(try await rita.run(["pull"])).stderr.contains(Self.warning))
            // Not loopback, but https: no warning (the connection itself fails here).
            let other = try ClientWorkspace(user: "ravi")
            let tls = try await login(other, server: "https://192.0.2.1:9")
            #expect(tls.status != 0 && !tls.stderr.contains(Self.warning), "\(tls)")
            let v6 = try await login(other, server: "http://[::1]:9")
            #expect(!v6.stderr.contains(Self.warning), "\(v6)")
            let near = try await login(other, server: "http://127.9.8.7:9")
            #expect(!near.stderr.contains(Self.warning), "\(near)")
        }
    }
}
