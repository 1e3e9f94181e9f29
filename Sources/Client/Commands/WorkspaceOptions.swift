import ArgumentParser
import Foundation
import VerdictShared

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

    /// `$XDG_DATA_HOME/verdict`, or `~/.local/share/verdict`.
    static var dataDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("verdict")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/verdict")
    }

    /// The file naming the workspace commands use when none is given.
    static var currentFile: URL { dataDirectory.appendingPathComponent("current") }

    /// The folder a login to `server` as `user` uses by default: one per server and user.
    static func defaultDirectory(server: String, user: String) -> URL {
        let host = server.replacingOccurrences(of: "://", with: "_")
            .map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? String($0) : "_" }.joined()
        return dataDirectory.appendingPathComponent("workspaces").appendingPathComponent(host)
            .appendingPathComponent(user.lowercased())
    }

    /// The folder named by `--workspace` or `$VERDICT_WORKSPACE`, if any.
    func explicitDirectory() -> URL? {
        if let workspacePath { return URL(fileURLWithPath: workspacePath) }
        if let path = ProcessInfo.processInfo.environment["VERDICT_WORKSPACE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return nil
    }

    /// The chosen folder, if one is named or remembered.
    func directory() -> URL? {
        if let explicit = explicitDirectory() { return explicit }
        if let data = FileManager.default.contents(atPath: Self.currentFile.path) {
            let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !path.isEmpty { return URL(fileURLWithPath: path) }
        }
        return nil
    }

    /// The workspace, which must exist and be logged in.
    func open() throws -> Workspace {
        guard let directory = directory() else {
            throw CLIError("no workspace yet; run `verdict login --server URL --user NAME` first")
        }
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(Workspace.fileName).path) else {
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

    /// A client for the workspace's server, with its stored token.
    func client(for workspace: Workspace) throws -> HTTPClient {
        let (server, _) = try workspace.identity()
        return try HTTPClient(baseURL: server, token: try workspace.token(), options: httpOptions())
    }
}

/// `--json` for listings.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}

extension Encodable {
    /// Pretty, stable JSON for `--json` output.
    func printJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Terminal.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n")
    }
}
