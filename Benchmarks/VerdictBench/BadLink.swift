import Foundation

/// The benchmark's bad link: network namespaces `verdict-bench-server` and `verdict-bench-client`, each with one end
/// of a point-to-point link (10.203.0.1 and 10.203.0.2) shaped to 1 Mbit/s, 150 ms and 1% loss in each direction.
///
/// With the kernel's `sch_netem` that would be a veth pair with `tc qdisc add dev X root netem delay 150ms loss 1%
/// rate 1mbit` on both ends. This machine's kernel has no netem (`tc` answers "Specified qdisc kind is unknown"),
/// so the two ends are TUN devices and ``EmulatedLink`` does netem's work in user space, in this process. Runs as
/// root. The namespaces are removed however the run ends: by `tearDown` (called from `defer`), on SIGINT or
/// SIGTERM, and, left over from a run that was killed, before the next one sets up.
final class BadLink: CustomStringConvertible, @unchecked Sendable {
    static let serverNamespace = "verdict-bench-server"
    static let clientNamespace = "verdict-bench-client"
    static let serverAddress = "10.203.0.1"
    static let clientAddress = "10.203.0.2"
    static let serverDevice = "vb-server"
    static let clientDevice = "vb-client"
    static let ip = "/usr/sbin/ip"

    let shape = EmulatedLink.Shape()
    /// `@unchecked Sendable`: set once in `setUp`, before any other thread looks; `tearDown` is idempotent.
    private var emulated: EmulatedLink?

    var description: String {
        String(
            format:
                "TUN pair between namespaces, user-space shaping each way: %.0f ms delay, %.0f%% loss, %.0f kbit/s, "
                + "queue of %d packets", shape.delay * 1000, shape.loss * 100, shape.bitsPerSecond / 1000,
            shape.queueLimit)
    }

    func setUp() throws {
        Self.removeNamespaces()
        let link = try EmulatedLink(serverDevice: Self.serverDevice, clientDevice: Self.clientDevice, shape: shape)
        emulated = link
        for (namespace, device, address, peer) in [
            (Self.serverNamespace, Self.serverDevice, Self.serverAddress, Self.clientAddress),
            (Self.clientNamespace, Self.clientDevice, Self.clientAddress, Self.serverAddress),
        ] {
            try Self.run(["netns", "add", namespace])
            try Self.run(["link", "set", device, "netns", namespace])
            try Self.run(["-n", namespace, "link", "set", "lo", "up"])
            try Self.run(["-n", namespace, "addr", "add", address, "peer", peer, "dev", device])
            try Self.run(["-n", namespace, "link", "set", device, "up"])
        }
    }

    /// Whether packets are delayed, dropped and limited to the link's rate, or passed straight through.
    var shaping: Bool {
        get { emulated?.shaping ?? false }
        set { emulated?.shaping = newValue }
    }

    var counters: (toClient: EmulatedLink.Counters, toServer: EmulatedLink.Counters) {
        emulated?.counters ?? (.init(), .init())
    }

    func tearDown() {
        Self.removeNamespaces()
        emulated?.stop()
    }

    static func removeNamespaces() {
        for namespace in [serverNamespace, clientNamespace] {
            _ = try? ChildProcessRunner.status(ip, ["netns", "delete", namespace])
        }
    }

    private static func run(_ arguments: [String]) throws {
        let status = try ChildProcessRunner.status(ip, arguments)
        guard status == 0 else { throw BenchError("ip \(arguments.joined(separator: " ")) exited \(status)") }
    }

    /// SIGINT and SIGTERM remove the namespaces (and stop the server inside, which goes with its namespace's
    /// link), then end the benchmark.
    static func tearDownOnSignals(_ link: BadLink) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("verdict-bench: interrupted; removing the namespaces\n".utf8))
                NamespacedServer.stopAll()
                link.tearDown()
                exit(130)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []
}

/// Runs a program with its output discarded, for `ip`.
enum ChildProcessRunner {
    static func status(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// `verdict-server serve` in the server's namespace, on 10.203.0.1:8080.
final class NamespacedServer {
    static let port = 8080
    private let process = Process()
    private var running = true

    nonisolated(unsafe) private static var pids: Set<Int32> = []
    private static let lock = NSLock()

    init(binary: URL, database: String, config: URL, link: BadLink, compression: Bool, logFile: URL) throws {
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: BadLink.ip)
        process.arguments =
            [
                "netns", "exec", BadLink.serverNamespace, binary.path, "serve", "--db", database,
                "--config", config.path, "--host", BadLink.serverAddress, "--port", "\(Self.port)", "--no-access-log",
            ] + (compression ? [] : ["--no-compression"])
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let pid = process.processIdentifier
        Self.lock.withLock { _ = Self.pids.insert(pid) }
        let deadline = Date().addingTimeInterval(60)
        let ready = "url=http://\(BadLink.serverAddress):\(Self.port)"
        while true {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if text.contains(ready) { break }
            guard Date() < deadline, process.isRunning else {
                stop()
                throw BenchError("server did not start in its namespace: \(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        guard running else { return }
        running = false
        process.terminate()
        process.waitUntilExit()
        let pid = process.processIdentifier
        Self.lock.withLock { _ = Self.pids.remove(pid) }
    }

    /// Ends every server still running (SIGKILL), from a signal handler's queue.
    static func stopAll() {
        for pid in lock.withLock({ pids }) { kill(pid, SIGKILL) }
    }
}
