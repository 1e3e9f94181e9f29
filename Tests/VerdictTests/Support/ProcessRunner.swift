import Foundation

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

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs to completion (at most `timeout` seconds) and returns exit status and output.
    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently with the process so a full pipe cannot block it.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        Thread.detachNewThread {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            throw TestFailure("verdict-server \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        group.wait()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
