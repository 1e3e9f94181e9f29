import Foundation

/// The warning that a token goes over plain http to another machine, said once per run however many clients
/// the command makes.
enum PlainHTTPWarning {
    private static let lock = NSLock()
    /// Whether the warning was said; only read and written under `lock`.
    nonisolated(unsafe) private static var said = false

    static func warn(server: String) {
        let first = lock.withLock {
            defer { said = true }
            return !said
        }
        guard first else { return }
        Terminal.note(
            "verdict: warning: your token goes to \(server) over plain http, readable by anyone on the way; "
                + "use an https:// address")
    }
}
