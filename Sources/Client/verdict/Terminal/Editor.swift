import Foundation

/// Text edited in the user's `$VISUAL` or `$EDITOR` (vi when neither is set).
enum Editor {
    static func edit(_ text: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "verdict-note-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry arguments ("code --wait"); the file goes last, quoted by the shell.
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("the editor (\(editor)) exited with status \(process.terminationStatus); note not changed")
        }
        return String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }
}
