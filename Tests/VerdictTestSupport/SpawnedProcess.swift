import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, with the part of `Foundation.Process`'s interface the tests use.
///
/// Foundation's `Process.run()` on Linux (Swift 6.3.1) scans `/proc/self/fd` copying a whole 256-byte `d_name`
/// out of each short `readdir` record, and now and then reads past a mapped page: the test process dies with
/// SIGSEGV (swiftlang/swift-corelibs-foundation#5472). This spawns directly instead; the child's descriptors
/// above 2 are closed by `posix_spawn_file_actions_addclosefrom_np`, so that no child keeps another one's
/// pipe open.
///
/// `@unchecked Sendable`: the process id is set once in `run()`; the exit status is guarded by `lock`.
public final class SpawnedProcess: @unchecked Sendable {
    public var executableURL: URL?
    public var arguments: [String]?
    /// Replaces the parent's environment when set.
    public var environment: [String: String]?
    /// A `Pipe`, a `FileHandle` (`FileHandle.nullDevice` is /dev/null), or nil for the parent's.
    public var standardInput: Any?
    public var standardOutput: Any?
    public var standardError: Any?

    public private(set) var processIdentifier: pid_t = 0
    private let lock = NSLock()
    private var waitStatus: Int32?

    public init() {}

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time: the Glibc
    /// module does not import it.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    public func run() throws {
        guard let path = executableURL?.path else { throw SpawnError("no executable to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, value) in [(Int32(0), standardInput), (1, standardOutput), (2, standardError)] {
            if let pipe = value as? Pipe {
                let end = target == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
            } else if let handle = value as? FileHandle {
                if handle === FileHandle.nullDevice || handle.fileDescriptor < 0 {
                    posix_spawn_file_actions_addopen(
                        &actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
                } else {
                    posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
                }
            }
        }
        guard let closeFrom = Self.addCloseFrom else {
            throw SpawnError("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)")
        }
        closeFrom(&actions, 3)
        let argv = ([path] + (arguments ?? [])).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result: Int32
        if let environment {
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        } else {
            result = posix_spawn(&pid, path, &actions, nil, argv, environ)
        }
        guard result == 0 else {
            throw SpawnError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        // The child has its ends of the pipes now; the parent keeps only its own, so that readers see EOF.
        for (target, value) in [(0, standardInput), (1, standardOutput), (2, standardError)] {
            guard let pipe = value as? Pipe else { continue }
            try? (target == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting).close()
        }
    }

    /// Whether the child has not exited yet (it is reaped when it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard waitStatus == nil, processIdentifier > 0 else { return false }
        var status: Int32 = 0
        let reaped = waitpid(processIdentifier, &status, WNOHANG)
        if reaped == processIdentifier { waitStatus = status }
        return waitStatus == nil && reaped >= 0
    }

    public func waitUntilExit() {
        while isRunning { usleep(2_000) }
    }

    /// Blocks until the process has exited or `timeout` seconds have passed; whether it exited.
    public func exits(within timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline { usleep(5_000) }
        return !isRunning
    }

    /// The exit status, or the signal that ended the process (as Foundation's `Process` reports them).
    public var terminationStatus: Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard let status = waitStatus else { return 0 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    public func terminate() { if processIdentifier > 0 { kill(processIdentifier, SIGTERM) } }
    public func interrupt() { if processIdentifier > 0 { kill(processIdentifier, SIGINT) } }
}

/// A child that could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
