import Foundation

/// Where workspaces live: one folder per server and user under `$XDG_DATA_HOME/verdict`, and a file naming the
/// one that commands use when none is given.
public enum WorkspaceLocation {
    /// `$XDG_DATA_HOME/verdict`, or `~/.local/share/verdict`.
    public static var dataDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("verdict")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/verdict")
    }

    /// The file naming the workspace commands use when none is given.
    public static var currentFile: URL { dataDirectory.appendingPathComponent("current") }

    /// The folder a login to `server` as `user` uses by default: one per server and user.
    public static func defaultDirectory(server: String, user: String) -> URL {
        let host = server.replacingOccurrences(of: "://", with: "_")
            .map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? String($0) : "_" }.joined()
        return dataDirectory.appendingPathComponent("workspaces").appendingPathComponent(host)
            .appendingPathComponent(user.lowercased())
    }

    /// The folder `$VERDICT_WORKSPACE` names, if set.
    public static var fromEnvironment: URL? {
        guard let path = ProcessInfo.processInfo.environment["VERDICT_WORKSPACE"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// The folder the last login chose, if any.
    public static var current: URL? {
        guard let data = FileManager.default.contents(atPath: currentFile.path) else { return nil }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : URL(fileURLWithPath: path)
    }

    /// Makes `directory` the one commands use when none is given (in a file of mode 0600, in a folder of mode
    /// 0700).
    public static func makeCurrent(_ directory: URL) throws {
        try PrivateFiles.makeDirectory(dataDirectory)
        try PrivateFiles.write(Data((directory.path + "\n").utf8), to: currentFile)
    }
}
