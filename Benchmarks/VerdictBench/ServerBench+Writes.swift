import Foundation

/// `--writes`: single verdict writes (`PUT /v1/verdicts/{id}` with `If-Match`) from 1, 8, 32 and 128 keep-alive
/// clients, each rewriting its own verdict, against the HTTP stack's rate for the cheapest authenticated request
/// (`GET /v1/me`, 8 clients) in the same run; with the mean size of the server's write groups (group commit),
/// read from its metrics.
extension ServerBench {
    static let writeClients = [1, 8, 32, 128]

    func runWrites() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("bench.sqlite").path
        let token = try userToken(database, "bench", role: "editor")
        let writerToken = try userToken(database, "wrk", role: "reviewer")
        let adminToken = try userToken(database, "ops", role: "admin")
        let server = try ServerProcess(
            binary: binary, database: database, logFile: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        let client = BenchClient(base: "http://127.0.0.1:\(server.port)", token: token)
        let admin = BenchClient(base: client.base, token: adminToken)
        // Each run its own claims: a reviewer has one live verdict per claim, so a run on the claims of the one
        // before would only meet conflicts.
        let claims = try await makeClaims(client, count: Self.writeClients.reduce(0, +))
        var unused = claims[...]

        print("GET /v1/me, 8 keep-alive connections, \(options.wrkSeconds) s (wrk)...")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bench-get.lua")
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_TOKEN"] = writerToken
        let baseline = try wrk(server: server, ["-t8", "-c8", "-s", script.path], environment: environment)
        report.record("trivial authenticated GET (8 clients)", String(format: "%.0f requests/s", baseline.rate))
        report.record("trivial GET: latency p50 / p90 / p99", baseline.latencies)
        report.record("trivial GET: server CPU per request", String(format: "%.0f µs", baseline.cpuPerRequest * 1e6))

        for clients in Self.writeClients {
            let before = try await writeGroups(admin)
            let run = try wrk(server: server, token: writerToken, claims: Array(unused.prefix(clients)))
            unused = unused.dropFirst(clients)
            let after = try await writeGroups(admin)
            let groups = after.groups - before.groups
            let label = "\(clients) client\(clients == 1 ? "" : "s")"
            report.record("single writes, \(label): rate", String(format: "%.0f writes/s", run.rate))
            report.record(
                "single writes, \(label): ratio to trivial GET", String(format: "%.2f", run.rate / baseline.rate))
            report.record("single writes, \(label): latency p50 / p90 / p99", run.latencies)
            report.record(
                "single writes, \(label): server CPU per write", String(format: "%.0f µs", run.cpuPerRequest * 1e6))
            report.record(
                "single writes, \(label): writes per transaction",
                String(format: "%.2f", groups > 0 ? Double(after.writes - before.writes) / Double(groups) : 0))
            report.record("single writes, \(label): non-2xx / socket errors", run.errors)
        }
        report.record("server RSS after the runs", String(format: "%.1f MiB", server.residentMiB))
        report.printTable()
    }

    /// The server's group-commit counters: transactions run, and the writes they held.
    private func writeGroups(_ admin: BenchClient) async throws -> (groups: Int, writes: Int) {
        let text = String(decoding: try await admin.send("GET", "/metrics"), as: UTF8.self)
        func value(_ name: String) -> Int {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        return (value("verdict_db_write_groups_total"), value("verdict_db_grouped_writes_total"))
    }
}
