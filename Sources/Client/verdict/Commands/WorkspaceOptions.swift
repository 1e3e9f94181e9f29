import ArgumentParser
import Foundation
import VerdictClientKit

/// Where the workspace is and how to reach its server; shared by every command.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .customLong("workspace"),
        help: ArgumentHelp(
            "The workspace folder (default: $VERDICT_WORKSPACE, else the one `verdict login` last chose).",
            valueName: "dir"))
    var workspacePath: String?

    @Option(help: ArgumentHelp("A CA bundle (PEM) to trust for the server's TLS certificate.", valueName: "file"))
    var cacert: String?

    @Option(help: ArgumentHelp("Seconds to wait for a connection.", valueName: "seconds"))
    var connectTimeout: Double = 10

    @Option(help: ArgumentHelp("Seconds one request may take in all.", valueName: "seconds"))
    var timeout: Double = 300

    /// The folder named by `--workspace` or `$VERDICT_WORKSPACE`, if any.
    func explicitDirectory() -> URL? {
        workspacePath.map { URL(fileURLWithPath: $0) } ?? WorkspaceLocation.fromEnvironment
    }

    /// The chosen folder, if one is named or remembered.
    func directory() -> URL? {
        explicitDirectory() ?? WorkspaceLocation.current
    }

    /// The workspace, which must exist and be logged in.
    func open() throws -> Workspace {
        guard let directory = directory() else {
            throw CLIError("no workspace yet; run `verdict login --server URL --user NAME` first")
        }
        guard Workspace.exists(in: directory) else {
            throw CLIError(
                "no workspace at \(directory.path); run `verdict login --server URL --user NAME` (with --workspace "
                    + "\(directory.path) to create it there)")
        }
        let workspace = try Workspace(directory: directory)
        _ = try workspace.identity()
        return workspace
    }

    func httpOptions() -> HTTPOptions {
        var options = HTTPOptions()
        options.caCertificate = cacert
        options.connectTimeout = connectTimeout
        options.requestTimeout = timeout
        if let value = ProcessInfo.processInfo.environment["VERDICT_RETRIES"], let retries = Int(value), retries >= 0 {
            options.attempts = retries + 1
        }
        return options
    }

    func validate() throws {
        guard connectTimeout > 0, timeout > 0 else { throw ValidationError("timeouts must be more than 0 seconds") }
        if let cacert, !FileManager.default.isReadableFile(atPath: cacert) {
            throw ValidationError("cannot read the CA bundle \(cacert)")
        }
    }

    /// A client for `server` that says on standard error when it tries a request again, and warns (once a
    /// run) when the token would travel over plain http beyond this machine.
    func client(server: String, token: String) throws -> HTTPClient {
        if ServerAddress.sendsTokenInTheClear(server) { PlainHTTPWarning.warn(server: server) }
        let client = try HTTPClient(baseURL: server, token: token, options: httpOptions())
        client.onRetry = { reason, wait in
            Terminal.note("\(reason); trying again in \(String(format: "%.1f", wait)) s")
        }
        return client
    }

    /// A client for the workspace's server, with its stored token.
    func client(for workspace: Workspace) throws -> HTTPClient {
        try client(server: try workspace.identity().server, token: try workspace.token())
    }

    /// Sync between the workspace and its server, with the page and batch sizes of `VERDICT_PULL_PAGE` and
    /// `VERDICT_PUSH_BATCH` (1 to 5000, default 1000).
    func sync(for workspace: Workspace) throws -> Sync {
        var sync = try Sync(workspace: workspace, client: try client(for: workspace))
        func size(_ name: String) -> Int? {
            ProcessInfo.processInfo.environment[name].flatMap { Int($0) }.map { min(5_000, max(1, $0)) }
        }
        if let pageSize = size("VERDICT_PULL_PAGE") { sync.pageSize = pageSize }
        if let pushBatch = size("VERDICT_PUSH_BATCH") { sync.pushBatch = pushBatch }
        sync.onFeedReplaced = {
            Terminal.note("the server's change log was replaced (restored from a backup?); pulling everything again")
        }
        sync.onVisibilityWidened = {
            Terminal.note("blind review no longer hides other reviewers' verdicts from you; pulling everything again")
        }
        return sync
    }
}
