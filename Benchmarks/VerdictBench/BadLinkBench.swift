import Foundation
import GRDB
import VerdictShared
import VerdictTestSupport

/// `verdict-bench --bad-link`: a reviewer on a bad connection (BENCHMARKS.md). The release `verdict-server` runs in
/// one network namespace and the release `verdict` client in another, joined by a link of 1 Mbit/s each way,
/// 150 ms each way (300 ms round trip) and 1% loss each way (about 2% round trip): ``BadLink``.
///
/// Measured, with the server's compression on and then off (`serve --no-compression`): a full pull of
/// `--link-claims` claims and `--link-verdicts` verdicts (time and bytes on the wire each way), the same pull's bytes
/// with the shaping off (no loss, so no retransmissions: the payload itself), a push of 1,000 offline verdicts, and,
/// compressed, a pull killed halfway and run again. The uncompressed pull over the shaped link is cut off after
/// `--link-seconds` if it has not finished by then, and its time reported from its rate so far.
final class BadLinkBench {
    let options: Options
    let folder: URL
    let serverBinary: URL
    let clientBinary: URL
    let report = BenchReport()
    let link = BadLink()
    /// The desk's claims, in order: each push rates claims of its own.
    private var claimIDs: [String] = []

    init(options: Options) throws {
        self.options = options
        serverBinary = try BenchFiles.binary("verdict-server")
        clientBinary = try BenchFiles.binary("verdict")
        folder = try BenchFiles.temporaryFolder("verdict-bad-link-bench")
    }

    static let pushedVerdicts = 1_000

    func run() throws {
        defer {
            link.tearDown()
            if ProcessInfo.processInfo.environment["VERDICT_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else {
                print("kept \(folder.path)")
            }
        }
        BadLink.tearDownOnSignals(link)
        let database = folder.appendingPathComponent("server.sqlite").path
        let tokenJSON = try ServerProcess.admin(
            serverBinary, ["users", "add", "bench", "--role", "reviewer", "--db", database, "--json"])
        let token = try JSONDecoder().decode(IssuedToken.self, from: Data(tokenJSON.utf8)).token
        let tokenFile = folder.appendingPathComponent("token")
        try Data(token.utf8).write(to: tokenFile)

        let claims = options.linkClaims
        let perClaim = options.linkVerdicts / claims
        print("filling the server with \(claims) claims and \(claims * perClaim) verdicts...")
        let filler = try ClientBench(options: options)
        let rows = try filler.fillServer(database, claims: claims, verdictsPerClaim: perClaim, varied: true)
        claimIDs = rows.claimJSON.map(\.id)
        try? FileManager.default.removeItem(at: filler.folder)
        let changes = rows.articles + rows.claims + rows.verdicts
        let size = "\(rows.claims) claims and \(rows.verdicts) verdicts (\(changes) changes)"

        // Blind review off: the bench user, a reviewer, receives every verdict (under blind review the feed holds
        // back other reviewers' verdicts on claims it has not rated).
        let config = folder.appendingPathComponent("desk.json")
        try Data(#"{"workflow": {"blindReview": false}}"#.utf8).write(to: config)

        try link.setUp()
        print("link: \(link.description)")

        // Compression on: the shaped pull, the same bytes unshaped, an interrupted pull.
        var server = try NamespacedServer(
            binary: serverBinary, database: database, config: config, link: link, compression: true,
            logFile: folder.appendingPathComponent("server-compressed.log"))
        defer { server.stop() }
        let compressed = try workspace("compressed", tokenFile)
        print("full pull over the link, compression on...")
        let shaped = try pull(compressed)
        report.record("full pull of \(size), compression on: time", seconds(shaped.seconds))
        report.record("· bytes on the wire, down / up", bytes(shaped.traffic))

        let unshapedCompressed = try workspace("compressed-unshaped", tokenFile)
        link.shaping = false
        let payloadCompressed = try pull(unshapedCompressed)
        link.shaping = true
        report.record(
            "· the same pull unshaped (no delay, loss or rate limit): time, bytes down / up",
            "\(seconds(payloadCompressed.seconds)), \(bytes(payloadCompressed.traffic))")

        try interruptedPull(tokenFile, changes: changes)
        server.stop()

        // Compression off.
        server = try NamespacedServer(
            binary: serverBinary, database: database, config: config, link: link, compression: false,
            logFile: folder.appendingPathComponent("server-plain.log"))
        let unshapedPlain = try workspace("plain-unshaped", tokenFile)
        link.shaping = false
        let payloadPlain = try pull(unshapedPlain)
        link.shaping = true
        let plain = try workspace("plain", tokenFile)
        print("full pull over the link, compression off (at most \(options.linkSeconds) s)...")
        let plainPull = try pull(plain, timeLimit: Double(options.linkSeconds))
        if plainPull.finished {
            report.record("full pull of \(size), compression off: time", seconds(plainPull.seconds))
        } else {
            let cursor = try Self.cursor(try plain.workspacePath())
            let rate = Double(cursor) / plainPull.seconds
            report.record(
                "full pull of \(size), compression off: time",
                String(
                    format: "cut off after %.0f s at change %d of %d: %.0f changes/s, about %.0f s for all",
                    plainPull.seconds, cursor, changes, rate, Double(changes) / max(rate, 1)))
        }
        report.record("· bytes on the wire, down / up", bytes(plainPull.traffic))
        report.record(
            "· the same pull unshaped: time, bytes down / up",
            "\(seconds(payloadPlain.seconds)), \(bytes(payloadPlain.traffic))")
        report.record(
            "full pull unshaped, compression off / on (bytes both ways)",
            String(
                format: "%.1f times smaller compressed",
                Double(payloadPlain.traffic.total) / Double(max(1, payloadCompressed.traffic.total))))

        // Pushes: 1,000 offline verdicts each, on claims the bench user has not rated yet (a set for each push).
        print("push of \(Self.pushedVerdicts) verdicts, compression off...")
        let pushPlain = try push(unshapedPlain, firstClaim: Self.pushedVerdicts)
        server.stop()
        server = try NamespacedServer(
            binary: serverBinary, database: database, config: config, link: link, compression: true,
            logFile: folder.appendingPathComponent("server-push.log"))
        print("push of \(Self.pushedVerdicts) verdicts, compression on...")
        let pushCompressed = try push(compressed, firstClaim: 0)
        report.record(
            "push of \(Self.pushedVerdicts) offline verdicts, compression on: time, bytes down / up",
            "\(seconds(pushCompressed.seconds)), \(bytes(pushCompressed.traffic))")
        report.record(
            "push of \(Self.pushedVerdicts) offline verdicts, compression off: time, bytes down / up",
            "\(seconds(pushPlain.seconds)), \(bytes(pushPlain.traffic))")
        let counters = link.counters
        report.record(
            "link drops over the whole run, down / up (packets)",
            "\(counters.toClient.dropped) of \(counters.toClient.packets) / \(counters.toServer.dropped) of \(counters.toServer.packets)"
        )
        server.stop()
        report.printTable()
    }

    // MARK: Steps

    /// A pull killed (SIGKILL) once half the changes are in, with its next page on the way, then run again to
    /// the end.
    private func interruptedPull(_ tokenFile: URL, changes: Int) throws {
        let client = try workspace("interrupted", tokenFile)
        print("pull killed once half the changes are in, then run again...")
        let path = try client.workspacePath()
        let first = try measure(client, ["pull"], stopAfter: nil) {
            ((try? Self.cursor(path)) ?? 0) >= changes / 2
        }
        guard !first.finished else { throw BenchError("the pull ended before it was killed") }
        let cursor = try Self.cursor(path)
        report.record(
            "pull killed after \(seconds(first.seconds)): changes kept, bytes down / up",
            "\(cursor) of \(changes), \(bytes(first.traffic))")
        let resumed = try pull(client)
        let verdicts = try count(client, "verdicts")
        let expected = try count(try workspaceNamed("compressed"), "verdicts")
        guard verdicts == expected else {
            throw BenchError("the resumed pull holds \(verdicts) verdicts, the full one \(expected)")
        }
        report.record(
            "· run again: time, bytes down / up (resumes at its last whole page)",
            "\(seconds(resumed.seconds)), \(bytes(resumed.traffic))")
    }

    /// What one pull took, and what it moved over the link.
    struct Measured {
        var seconds: Double
        var traffic: Traffic
        var finished: Bool
    }

    /// Bytes each way over the link during one step.
    struct Traffic {
        var down = 0
        var up = 0
        var total: Int { down + up }
    }

    private func pull(_ client: LinkClient, timeLimit: Double? = nil) throws -> Measured {
        try measure(client, ["pull"], stopAfter: timeLimit)
    }

    private func push(_ client: LinkClient, firstClaim: Int) throws -> Measured {
        try filler().queueOfflineVerdicts(
            workspace: try client.workspacePath(), count: Self.pushedVerdicts, firstClaim: firstClaim,
            claimIDs: claimIDs)
        let measured = try measure(client, ["push"], stopAfter: nil)
        guard measured.finished else { throw BenchError("push did not finish") }
        return measured
    }

    /// Runs one client command over the link; with `stopAfter`, kills it (SIGKILL) if it is still running then, and
    /// with `stopWhen`, as soon as that says so (asked every 20 ms).
    private func measure(
        _ client: LinkClient, _ arguments: [String], stopAfter: Double?,
        stopWhen: (@Sendable () -> Bool)? = nil
    ) throws -> Measured {
        let before = link.counters
        let start = Date()
        let finished = try client.run(arguments, killAfter: stopAfter, killWhen: stopWhen)
        let seconds = Date().timeIntervalSince(start)
        let after = link.counters
        return Measured(
            seconds: seconds,
            traffic: Traffic(
                down: after.toClient.bytes - before.toClient.bytes, up: after.toServer.bytes - before.toServer.bytes),
            finished: finished)
    }

    private func filler() throws -> ClientBench {
        let bench = try ClientBench(options: options)
        try? FileManager.default.removeItem(at: bench.folder)
        return bench
    }

    private func workspaceNamed(_ name: String) throws -> String {
        try LinkClient(binary: clientBinary, home: folder.appendingPathComponent(name), link: link).workspacePath()
    }

    /// A logged-in client with its own data folder under the bench folder.
    private func workspace(_ name: String, _ tokenFile: URL) throws -> LinkClient {
        let client = LinkClient(binary: clientBinary, home: folder.appendingPathComponent(name), link: link)
        guard
            try client.run(
                [
                    "login", "--server", "http://\(BadLink.serverAddress):\(NamespacedServer.port)", "--user", "bench",
                    "--token-file", tokenFile.path,
                ], killAfter: nil)
        else { throw BenchError("login did not finish") }
        return client
    }

    /// The sync cursor of the workspace in folder `workspace`: the last change its pulls committed.
    static func cursor(_ workspace: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        let queue = try DatabaseQueue(path: workspace + "/workspace.sqlite", configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cursor'") ?? 0
        }
    }

    private func count(_ client: LinkClient, _ table: String) throws -> Int {
        try count(try client.workspacePath(), table)
    }

    private func count(_ workspace: String, _ table: String) throws -> Int {
        let queue = try DatabaseQueue(path: workspace + "/workspace.sqlite")
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    private func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    private func bytes(_ traffic: Traffic) -> String {
        func mib(_ count: Int) -> String {
            count >= 1_048_576
                ? String(format: "%.2f MiB", Double(count) / 1_048_576)
                : String(format: "%.0f KiB", Double(count) / 1024)
        }
        return "\(mib(traffic.down)) / \(mib(traffic.up))"
    }
}

/// The `verdict` client run in the client's namespace, with its data under `home`.
struct LinkClient {
    let binary: URL
    let home: URL
    let link: BadLink

    /// Runs `verdict ARGUMENTS` to the end (true), or kills it after `killAfter` seconds or once `killWhen` says
    /// so (false). Any exit but success, unless killed, is an error.
    func run(_ arguments: [String], killAfter: Double?, killWhen: (@Sendable () -> Bool)? = nil) throws -> Bool {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = home.path
        environment["NO_COLOR"] = "1"
        let process = try ChildProcess(
            URL(fileURLWithPath: BadLink.ip), ["netns", "exec", BadLink.clientNamespace, binary.path] + arguments,
            environment: environment)
        let watch = KillTimer()
        if killAfter != nil || killWhen != nil {
            watch.start(pid: process.processIdentifier, after: killAfter ?? .infinity, when: killWhen ?? { false })
        }
        let output = try process.wait()
        let wasKilled = watch.exited()
        if wasKilled { return false }
        guard output.status == 0 else {
            throw BenchError("verdict \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)")
        }
        return true
    }

    /// The workspace folder `verdict login` chose.
    func workspacePath() throws -> String {
        try String(contentsOf: home.appendingPathComponent("verdict/current"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Kills a process (SIGKILL) once a time is up or a condition holds, unless told first that it has exited.
///
/// `@unchecked Sendable`: its two flags are read and written only under `condition`.
final class KillTimer: @unchecked Sendable {
    private let condition = NSCondition()
    private var hasExited = false
    private var killed = false

    func start(pid: pid_t, after seconds: Double, when condition: @escaping @Sendable () -> Bool) {
        let deadline = seconds.isFinite ? Date().addingTimeInterval(seconds) : Date.distantFuture
        Thread.detachNewThread {
            self.condition.lock()
            defer { self.condition.unlock() }
            while !self.hasExited && Date() < deadline {
                self.condition.unlock()
                let due = condition()
                self.condition.lock()
                if due { break }
                _ = self.condition.wait(until: min(deadline, Date().addingTimeInterval(0.02)))
            }
            if !self.hasExited {
                self.killed = true
                kill(pid, SIGKILL)
            }
        }
    }

    /// Records that the process has exited; true if this timer killed it.
    func exited() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        hasExited = true
        condition.broadcast()
        return killed
    }
}
