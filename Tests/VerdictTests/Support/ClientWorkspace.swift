import Foundation
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

/// One reviewer's `verdict` client: the built binary, run with its own XDG data folder, so that each instance
/// is a separate workspace as on a separate machine.
final class ClientWorkspace: Sendable {
    let dataHome: URL
    let user: String

    init(user: String) throws {
        dataHome = try makeTemporaryDirectory()
        self.user = user
    }

    static var binary: URL { ServerBinary.directory.appendingPathComponent("verdict") }

    /// Runs `verdict` with these arguments to completion. The wait happens on a thread of its own: blocking
    /// the cooperative pool would starve the in-process server the client talks to.
    @discardableResult
    func run(
        _ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 120
    ) async throws -> ProcessOutput {
        let process = try start(arguments, environment: extra)
        return try await finish(process, timeout: timeout)
    }

    /// The process environment: this workspace's data folder, no color, no stray settings, one retry.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["VERDICT_TOKEN", "VERDICT_WORKSPACE", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"] {
            environment.removeValue(forKey: key)
        }
        environment["XDG_DATA_HOME"] = dataHome.path
        environment["NO_COLOR"] = "1"
        environment["VERDICT_RETRIES"] = "1"
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts `verdict` with these arguments; `finish` waits for it.
    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess(Self.binary, arguments, environment: environment(extra))
    }

    /// Waits for a `verdict` that `start` started, on a thread of its own.
    func finish(_ running: ChildProcess, timeout: TimeInterval = 120) async throws -> ProcessOutput {
        try await offThePool { try running.wait(timeout: timeout) }
    }

    /// Logs in with the token in a file, as a user would; throws on failure. `address` replaces the server's
    /// own (a relay in front of it).
    func login(_ server: TestServer, at address: String? = nil) async throws {
        let tokenFile = dataHome.appendingPathComponent("token.txt")
        try Data((server.tokens[user] ?? "").utf8).write(to: tokenFile)
        let result = try await run([
            "login", "--server", address ?? server.baseURL, "--user", user, "--token-file", tokenFile.path,
        ])
        guard result.status == 0 else { throw TestFailure("login failed: \(result)") }
    }

    /// Runs a command that must succeed, and returns its standard output.
    @discardableResult
    func ok(_ arguments: [String]) async throws -> String {
        let result = try await run(arguments)
        guard result.status == 0 else { throw TestFailure("verdict \(arguments.joined(separator: " ")): \(result)") }
        return result.stdout
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try await ok(arguments + ["--json"]).utf8))
    }

    /// The workspace folder `verdict login` chose.
    var directory: URL {
        get throws {
            let current = dataHome.appendingPathComponent("verdict/current")
            return URL(
                fileURLWithPath: try String(contentsOf: current, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The workspace `verdict login` made, opened read-only through the client library (the binary may be
    /// using it at the same time).
    func workspace() throws -> Workspace {
        try Workspace(readingAt: try directory)
    }

    func integrityCheck() throws -> String {
        let workspace = try workspace()
        defer { try? workspace.close() }
        return try workspace.integrityCheck()
    }

    /// The verdicts this workspace holds from the server, by id.
    func serverVerdicts() throws -> [String: Verdict] {
        let workspace = try workspace()
        defer { try? workspace.close() }
        return try workspace.pulledVerdicts()
    }
}

/// The `--json` shapes of the client's listings, as the tests read them.
struct ShownArticle: Decodable {
    struct Rated: Decodable {
        struct LocalClaim: Decodable {
            let id: String
            let quote: String
            let pending: Bool
        }
        let claim: LocalClaim
        let verdict: VerdictInput?
        let editState: String?
    }
    let article: Article
    let claims: [Rated]
}

struct ClientStatus: Decodable {
    let pending: Int
    let conflicts: Int
    let rejected: Int
    let cursor: Int64
}

/// Runs a program to completion with its output discarded, returning its exit status.
enum ProcessRunner {
    static func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A TCP port that was free a moment ago, for servers that cannot be told to pick one.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw TestFailure("bind failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw TestFailure("getsockname failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    return result == 0
}
