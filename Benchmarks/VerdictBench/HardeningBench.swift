import Foundation
import VerdictShared
import VerdictTestSupport

/// `--hardening`: what hostile requests cost other writers, and the server's memory under many large pushes.
///
/// An editor adds small articles one at a time (a single write transaction each) and their latency is measured
/// alone, then while two reviewers keep sending hostile texts: rationales of 60,000 alternating combining marks
/// (whose normalization once took seconds inside the write lock) and a 16 MiB article body of marks. Then 32
/// concurrent 15 MB pushes from one reviewer, with the server's peak resident memory read from `/proc`.
final class HardeningBench {
    let options: Options
    let binary: URL
    let folder: URL
    let report = BenchReport()

    init(options: Options) throws {
        self.options = options
        binary = try BenchFiles.binary("verdict-server")
        folder = try BenchFiles.temporaryFolder("verdict-bench-hardening")
    }

    func run() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("bench.sqlite").path
        let editor = try token(database, "erin", role: "editor")
        let reviewer = try token(database, "rita", role: "reviewer")
        let server = try ServerProcess(
            binary: binary, database: database, logFile: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        let idle = server.residentMiB
        let port = server.port

        print("small writes alone...")
        let alone = try smallWrites(port: server.port, token: editor, count: 300, label: "alone")
        let hostileBodies = Self.hostileBodies()
        print("small writes beside hostile texts...")
        let stop = Flag()
        let hostile = DispatchGroup()
        let hostileTimes = Times()
        for worker in 0..<2 {
            hostile.enter()
            Thread.detachNewThread {
                defer { hostile.leave() }
                Self.sendHostile(
                    hostileBodies, port: port, worker: worker, editor: editor, reviewer: reviewer, until: stop,
                    times: hostileTimes)
            }
        }
        // Until at least 40 hostile requests have been answered.
        let beside = try smallWrites(port: server.port, token: editor, count: 300, label: "beside") {
            hostileTimes.count >= 40
        }
        stop.set()
        hostile.wait()
        report.record("small write alone: p50 / p99 / max", alone.summary)
        report.record("small write beside hostile texts: p50 / p99 / max", beside.summary)
        report.record(
            "hostile requests refused (400 or 413) meanwhile",
            "\(hostileTimes.count), each in \(hostileTimes.summary) (p50 / p99 / max)")

        print("32 concurrent 15 MB pushes from one reviewer...")
        let body = ProcessMemory.largePush(idPrefix: "big")
        let started = Date()
        let pushes = DispatchGroup()
        let refusals = Times()
        for _ in 0..<32 {
            pushes.enter()
            Thread.detachNewThread {
                defer { pushes.leave() }
                while true {
                    guard let connection = try? RawHTTPConnection(port: port, bearerToken: reviewer),
                        let response = try? connection.request("POST", "/v1/push", body: body)
                    else { return }
                    if response.status != 503 { return }
                    refusals.add(0)
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
        }
        pushes.wait()
        let elapsed = Date().timeIntervalSince(started)
        let peak = ProcessMemory.mebibytes(server.process.processIdentifier, "VmHWM")
        Thread.sleep(forTimeInterval: 1)
        let after = server.residentMiB
        report.record(
            "32 x 15 MB pushes at once", String(format: "%.1f s, %d answers 503 (retried)", elapsed, refusals.count))
        report.record(
            "server RSS idle / peak / 1 s after",
            String(format: "%.0f / %.0f / %.0f MiB", idle, peak, after))
        report.printTable()
    }

    private func token(_ database: String, _ name: String, role: String) throws -> String {
        let json = try ServerProcess.admin(binary, ["users", "add", name, "--role", role, "--db", database, "--json"])
        return try JSONDecoder().decode(IssuedToken.self, from: Data(json.utf8)).token
    }

    private func smallWrites(
        port: Int, token: String, count: Int, label: String, until done: () -> Bool = { true }
    ) throws -> Times {
        let connection = try RawHTTPConnection(port: port, bearerToken: token)
        let times = Times()
        var index = 0
        while index < count || !done() {
            index += 1
            let article = ArticleInput(
                title: "Small \(label) \(index)", body: "A short report \(label) \(index) \(UUID().uuidString).")
            let start = DispatchTime.now()
            _ = try connection.request("POST", "/v1/articles", body: try JSONEncoder().encode(article)).successBody()
            times.add(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
        }
        return times
    }

    /// A push of five verdicts whose rationales are 60,000 alternating combining marks, and a 16 MiB article body
    /// of marks.
    static func hostileBodies() -> (push: Data, article: Data) {
        var marks = String.UnicodeScalarView()
        for index in 0..<60_000 { marks.append(index.isMultiple(of: 2) ? "\u{0301}" : "\u{323}") }
        let rationale = "x" + String(marks)
        var huge = String.UnicodeScalarView()
        for index in 0..<(8 * 1_048_576 - 8) { huge.append(index.isMultiple(of: 2) ? "\u{0301}" : "\u{323}") }
        let push = try! JSONEncoder().encode(
            PushRequest(
                mutations: (0..<5).map { index in
                    Mutation(
                        mutationId: "h-\(index)", type: .verdict, op: .put, id: nil, baseVersion: nil,
                        record: .verdict(VerdictInput(claimId: "any", label: "false", rationale: rationale)))
                }))
        let article = try! JSONEncoder().encode(ArticleInput(title: "Hostile", body: "x" + String(huge)))
        return (push, article)
    }

    private static func sendHostile(
        _ bodies: (push: Data, article: Data), port: Int, worker: Int, editor: String, reviewer: String,
        until stop: Flag, times: Times
    ) {
        let pushBody = bodies.push
        let articleBody = bodies.article
        var round = 0
        while !stop.isSet {
            round += 1
            let useArticle = worker == 1 && round.isMultiple(of: 4)
            guard let connection = try? RawHTTPConnection(port: port, bearerToken: useArticle ? editor : reviewer)
            else { return }
            let start = DispatchTime.now()
            let response = try? connection.request(
                "POST", useArticle ? "/v1/articles" : "/v1/push", body: useArticle ? articleBody : pushBody)
            if response != nil {
                times.add(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
            }
        }
    }
}

/// Latencies in milliseconds from several threads.
private final class Times: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var values: [Double] = []

    func add(_ value: Double) { lock.withLock { values.append(value) } }
    var count: Int { lock.withLock { values.count } }

    /// p50 / p99 / max.
    var summary: String {
        let sorted = lock.withLock { values.sorted() }
        guard !sorted.isEmpty else { return "none" }
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return String(format: "%.2f / %.2f / %.2f ms", at(0.5), at(0.99), sorted.last!)
    }
}

private final class Flag: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
