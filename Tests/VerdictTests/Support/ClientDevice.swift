import Foundation
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

/// One reviewer's device driven through the client library in process: a workspace in a folder of its own,
/// logged in to a test server, and sync with it. Sync calls block on libcurl, so they run on a thread of their
/// own (see ``offThePool(_:)``), never on the cooperative pool that serves the in-process server.
///
/// `@unchecked Sendable`: a device is used by one test task at a time, and its blocking calls hand it to a
/// single thread that the task awaits before touching it again.
final class ClientDevice: @unchecked Sendable {
    let user: String
    let workspace: Workspace
    private var sync: Sync

    /// Logs in as `user` to `server` as `verdict login` does, but without checking the token: the scale and
    /// the desk's settings arrive with the first pull.
    init(_ server: TestServer, user: String) throws {
        self.user = user
        let token = server.tokens[user] ?? ""
        var options = HTTPOptions()
        options.attempts = 2
        workspace = try Workspace(directory: try makeTemporaryDirectory().appendingPathComponent("workspace"))
        try workspace.recordLogin(
            server: server.baseURL, user: user, role: "reviewer", scale: .standard,
            desk: DeskInfo(name: "Verdict desk", url: nil, consensus: Consensus.Policy()))
        try workspace.saveToken(token)
        sync = try Sync(
            workspace: workspace, client: try HTTPClient(baseURL: server.baseURL, token: token, options: options))
    }

    @discardableResult
    func pull() async throws -> Sync.PullSummary {
        try await offThePool { try self.sync.pull() }
    }

    @discardableResult
    func push() async throws -> Sync.PushSummary {
        try await offThePool { try self.sync.push() }
    }
}
