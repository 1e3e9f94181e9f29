import Foundation
import VerdictTestSupport

/// Runs the built `verdict-server` binary.
enum ServerBinary {
    /// The build products folder: next to the test bundle, or `VERDICT_BIN_DIR`.
    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["VERDICT_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var url = Bundle.main.bundleURL
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("verdict-server").path) { return url }
            url.deleteLastPathComponent()
        }
        // `swift test` puts the bundle in the products folder; fall back to the package's debug build.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug")
    }

    static var url: URL { directory.appendingPathComponent("verdict-server") }

    /// Runs to completion (at most `timeout` seconds) and returns exit status and output.
    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> ProcessOutput {
        try ChildProcess.run(url, arguments, timeout: timeout)
    }
}
