import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Text edited in the user's `$VISUAL` or `$EDITOR` (vi when neither is set).
///
/// The editor runs in the client's own process group, in the foreground of the terminal, with the terminal's
/// own settings: Foundation's `Process` puts a child in a process group of its own, where a terminal editor
/// (vim) is in the background, cannot read the terminal, and stops the whole review.
enum Editor {
    static func edit(_ text: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "verdict-note-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // The editor command may carry arguments ("code --wait"); the file goes last, quoted by the shell.
        let status = try run(["/bin/sh", "-c", "\(editor) \"$1\"", "editor", file.path])
        guard status == 0 else {
            throw CLIError("the editor (\(editor)) exited with status \(status); nothing was changed")
        }
        return String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }

    /// Runs a program with the client's standard input, output, error and process group, and waits for it.
    private static func run(_ arguments: [String]) throws -> Int32 {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard spawned == 0 else {
            throw CLIError("cannot start the editor: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw CLIError("lost track of the editor: \(String(cString: strerror(errno)))")
            }
        }
        // Exited normally: its exit code; killed by a signal: 128 + the signal, as the shell says.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
