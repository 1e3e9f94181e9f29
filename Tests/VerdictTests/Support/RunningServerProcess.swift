import Foundation
import VerdictTestSupport

/// `verdict-server serve` (or `demo`) as a child process, with its output collected as it comes.
final class RunningServerProcess: Sendable {
    let process: SpawnedProcess
    private let output: CollectedOutput

    init(arguments: [String]) throws {
        process = SpawnedProcess()
        process.executableURL = ServerBinary.url
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        output = CollectedOutput(reading: pipe.fileHandleForReading)
    }

    var text: String { output.text }

    /// Waits for the "listening" log line and returns the port it names.
    func waitForPort(timeout: TimeInterval = 30) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = self.text
            if let range = text.range(of: "url=http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            if !process.isRunning { throw TestFailure("server exited early: \(text)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestFailure("server did not start: \(text)")
    }

    /// Waits until the output holds `needle`; false if it does not within `timeout`.
    func waitForOutput(_ needle: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text.contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return text.contains(needle)
    }

    /// Waits for exit and returns the status.
    func waitForExit(timeout: TimeInterval = 30) throws -> Int32 {
        if !process.exits(within: timeout) {
            process.interrupt()
            throw TestFailure("server did not exit: \(text)")
        }
        return process.terminationStatus
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }
}
