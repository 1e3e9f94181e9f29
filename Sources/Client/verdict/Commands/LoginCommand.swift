import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

#if canImport(Glibc)
import Glibc
#endif

struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Connect a workspace to a server as a user, checking the token against the server.",
        discussion: """
            The token comes from --token-file, else $VERDICT_TOKEN, else a prompt (nothing is echoed). It is \
            stored in the workspace, readable by you alone (mode 0600). The workspace is one per server and \
            user under $XDG_DATA_HOME/verdict unless --workspace says otherwise, and becomes the one later \
            commands use.
            """)

    @Option(help: ArgumentHelp("The server's address, e.g. https://verdict.example.org.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Your user name on the server.", valueName: "name"))
    var user: String

    @Option(help: ArgumentHelp("Read the token from this file instead of asking.", valueName: "file"))
    var tokenFile: String?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard isWebAddress(server) else {
            throw ValidationError("--server must be an http:// or https:// address, not '\(server)'")
        }
        guard !user.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--user is empty") }
    }

    func run() throws {
        let token = try readToken()
        let baseURL = server.hasSuffix("/") ? String(server.dropLast()) : server
        let client = try options.client(server: baseURL, token: token)
        let me: Me
        do {
            me = try client.json(Me.self, "GET", "/v1/me", retry: true)
        } catch let error as ServerError where error.status == 401 {
            throw CLIError(
                "the server does not accept this token (\(error.response.serverMessage ?? "401"))", exitCode: 4)
        }
        guard me.name.lowercased() == user.lowercased() else {
            throw CLIError("this token belongs to '\(me.name)', not '\(user)'", exitCode: 4)
        }
        let scale = try client.json(VerdictScale.self, "GET", "/v1/scale", retry: true)
        let desk = try client.json(DeskInfo.self, "GET", "/v1/desk", retry: true)

        let directory =
            options.explicitDirectory() ?? WorkspaceLocation.defaultDirectory(server: baseURL, user: me.name)
        let workspace = try Workspace(directory: directory)
        if let (known, knownUser) = try workspace.login(),
            known != baseURL || knownUser.lowercased() != me.name.lowercased()
        {
            throw CLIError(
                "\(directory.path) is the workspace of \(knownUser) on \(known); choose another with --workspace")
        }
        try workspace.saveToken(token)
        try workspace.recordLogin(server: baseURL, user: me.name, role: me.role.rawValue, scale: scale, desk: desk)
        try WorkspaceLocation.makeCurrent(directory)
        Terminal.print("Logged in to \(baseURL) as \(me.name) (\(me.role.rawValue)). Workspace: \(directory.path)")
        Terminal.print("Next: `verdict pull` to fetch the desk's articles.")
    }

    private func readToken() throws -> String {
        var token: String?
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw CLIError("cannot read the token file \(tokenFile)")
            }
            token = String(decoding: data, as: UTF8.self)
        } else if let value = ProcessInfo.processInfo.environment["VERDICT_TOKEN"], !value.isEmpty {
            token = value
        } else if Terminal.stdinIsTerminal {
            token = getpass("Token for \(user): ").map { String(cString: $0) }
        } else {
            throw CLIError("no token: give --token-file FILE, set VERDICT_TOKEN, or run on a terminal to be asked")
        }
        let trimmed = (token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError("the token is empty") }
        guard trimmed.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw CLIError("the token holds spaces or non-ASCII characters; check the file")
        }
        return trimmed
    }
}
