import Foundation

/// How a program ended and what it wrote, once it has run to completion.
public struct ProcessOutput: Sendable, CustomStringConvertible {
    /// The exit status.
    public let status: Int32
    public let stdout: String
    /// Empty when standard error was left to the parent.
    public let stderr: String

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// Standard output read as JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(stdout.utf8))
    }
}

/// A program that did not finish in the time it was given; it has been terminated.
public struct ProcessTimeout: Error, CustomStringConvertible {
    public let description: String
}

/// A program started as a child process, standard input from /dev/null, its standard output (and unless told
/// otherwise its standard error) read on threads of their own while it runs, so that a full pipe cannot block it.
///
/// `@unchecked Sendable`: the two buffers are written only by their reader threads, and read only after
/// `readers.wait()`, which orders those writes before the reads.
public final class ChildProcess: @unchecked Sendable {
    private let process = SpawnedProcess()
    private let arguments: [String]
    private let readers = DispatchGroup()
    private var outData = Data()
    private var errData = Data()

    /// Starts `executable` with `arguments`; `environment` replaces the parent's when given. With
    /// `capturingStandardError` false, standard error goes where the parent's goes.
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        capturingStandardError: Bool = true
    ) throws {
        self.arguments = arguments
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = capturingStandardError ? Pipe() : nil
        process.standardOutput = out
        if let err { process.standardError = err }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        read(out) { self.outData = $0 }
        if let err { read(err) { self.errData = $0 } }
    }

    /// The child's process id, e.g. for `kill`.
    public var processIdentifier: Int32 { process.processIdentifier }

    private func read(_ pipe: Pipe, into store: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        Thread.detachNewThread {
            store(pipe.fileHandleForReading.readDataToEndOfFile())
            self.readers.leave()
        }
    }

    /// Blocks until the program exits and its output is read. With a `timeout` in seconds, a program still
    /// running by then is terminated and `ProcessTimeout` thrown.
    public func wait(timeout: TimeInterval? = nil) throws -> ProcessOutput {
        if let timeout, !process.exits(within: timeout) {
            process.terminate()
            let name = process.executableURL?.lastPathComponent ?? "the program"
            throw ProcessTimeout(
                description: "\(name) \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        readers.wait()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `executable` to completion; see `init` and `wait(timeout:)`.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        capturingStandardError: Bool = true, timeout: TimeInterval? = nil
    ) throws -> ProcessOutput {
        try ChildProcess(
            executable, arguments, environment: environment, capturingStandardError: capturingStandardError
        ).wait(timeout: timeout)
    }
}
