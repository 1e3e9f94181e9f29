import Foundation
import VerdictShared
import VerdictTestSupport

extension PostgresBench {
    /// One thread's share of the single writes: how many succeeded, how many did not, and each one's latency.
    private struct WriterTally: Sendable {
        var written = 0
        var failed = 0
        var latencies: [Double] = []

        /// One client's loop of single writes until `seconds` have passed.
        static func rewrite(
            verdict: String, claim: String, port: Int, token: String, seconds: Double
        ) throws -> WriterTally {
            let connection = try RawHTTPConnection(port: port)
            let labels = VerdictScale.standard.labels.map(\.id)
            var tally = WriterTally()
            var version: Int?
            let deadline = Date().addingTimeInterval(seconds)
            var sent = 0
            while Date() < deadline {
                sent += 1
                let body = Data(
                    """
                    {"claimId":"\(claim)","label":"\(labels[sent % labels.count])","confidence":0.8,\
                    "rationale":"benchmark write \(sent)","evidence":[{"url":"https://example.org/source/\(sent)"}]}
                    """.utf8)
                var head =
                    "PUT /v1/verdicts/\(verdict) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
                if let version { head += "If-Match: \"\(version)\"\r\n" }
                var request = Data((head + "\r\n").utf8)
                request.append(body)
                let start = Date()
                try connection.send(request)
                let response = try connection.readResponse()
                tally.latencies.append(Date().timeIntervalSince(start))
                guard response.status == 200 || response.status == 201 else {
                    tally.failed += 1
                    continue
                }
                tally.written += 1
                let etag = response.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }
                version = etag.flatMap { Int($0.dropFirst(5).filter(\.isNumber)) }
            }
            return tally
        }
    }

    /// 8 keep-alive clients, each rewriting its own verdict on its own claim with `PUT /v1/verdicts/{id}` and
    /// `If-Match` (what `Benchmarks/bench-writes.lua` does under wrk), for `--wrk-seconds`; with two servers
    /// the first four clients write to one and the last four to the other.
    func singleWrites(_ deployment: Deployment) async throws {
        let claims = Array(deployment.claims.suffix(Options.wrkConnections))
        let ports = deployment.ports
        let token = deployment.writer
        let seconds = Double(options.wrkSeconds)
        let run = UUID().uuidString.prefix(8)
        let cpuBefore = deployment.cpuSeconds
        let databaseBefore = deployment.databaseCPUSeconds()
        let start = Date()
        let tallies = try await withThrowingTaskGroup(of: WriterTally.self) { group in
            for (index, claim) in claims.enumerated() {
                let port = ports[index * ports.count / claims.count]
                group.addTask {
                    try await offThePool {
                        try WriterTally.rewrite(
                            verdict: "w-\(run)-\(index)", claim: claim, port: port, token: token, seconds: seconds)
                    }
                }
            }
            return try await group.reduce(into: [WriterTally]()) { $0.append($1) }
        }
        let elapsed = Date().timeIntervalSince(start)
        let cpu = deployment.cpuSeconds - cpuBefore
        let written = tallies.map(\.written).reduce(0, +)
        let latencies = tallies.flatMap(\.latencies).sorted()
        guard !latencies.isEmpty else { throw BenchError("\(deployment.label): no single write finished") }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let label = deployment.label
        report.record(
            "\(label): single writes (8 clients)", String(format: "%.0f writes/s", Double(written) / elapsed))
        report.record(
            "\(label): single writes p50 / p99",
            String(format: "%.2f / %.2f ms", percentile(0.5) * 1000, percentile(0.99) * 1000))
        report.record(
            "\(label): server CPU per single write", String(format: "%.0f µs", cpu / Double(written) * 1_000_000))
        if let databaseBefore, let databaseAfter = deployment.databaseCPUSeconds() {
            report.record(
                "\(label): PostgreSQL CPU per single write",
                String(format: "%.0f µs", (databaseAfter - databaseBefore) / Double(written) * 1_000_000))
        }
        report.record("\(label): single writes refused", "\(tallies.map(\.failed).reduce(0, +))")
    }

    /// `--pushes` pushes of `--batch` new verdicts by `user` on the deployment's claims, from `clients` clients
    /// at once (each its share of the requests; client k talks to server k modulo the servers), then checks
    /// every verdict was applied. Returns verdicts per second.
    func batchPush(_ deployment: Deployment, user token: String, prefix: String, clients: Int) async throws -> Double {
        let labels = VerdictScale.standard.labels.map(\.id)
        let claims = Array(deployment.claims.prefix(pushVerdicts))
        var bodies: [[Data]] = Array(repeating: [], count: clients)
        for (request, chunk) in stride(from: 0, to: claims.count, by: options.batch).enumerated() {
            let mutations = (chunk..<min(claims.count, chunk + options.batch)).map { index in
                Mutation(
                    mutationId: "\(prefix)-\(index)", type: .verdict, op: .put, id: "\(prefix)-verdict-\(index)",
                    baseVersion: nil,
                    record: .verdict(
                        VerdictInput(
                            claimId: claims[index], label: labels[index % labels.count], confidence: 0.75,
                            rationale: "Checked against the daily report.",
                            evidence: [Evidence(url: "https://example.org/report/\(index)")])))
            }
            bodies[request % clients].append(try JSONEncoder().encode(PushRequest(mutations: mutations)))
        }
        let ports = deployment.ports
        let cpuBefore = deployment.cpuSeconds
        let databaseBefore = deployment.databaseCPUSeconds()
        let start = Date()
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for (client, share) in bodies.enumerated() {
                let port = ports[client % ports.count]
                group.addTask {
                    try await offThePool {
                        let connection = try RawHTTPConnection(port: port, bearerToken: token)
                        var applied = 0
                        for body in share {
                            let data = try connection.request("POST", "/v1/push", body: body).successBody()
                            applied += occurrences(of: "\"status\":\"applied\"", in: data)
                        }
                        return applied
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = Date().timeIntervalSince(start)
        guard applied == claims.count else {
            throw BenchError("\(deployment.label): push applied \(applied) of \(claims.count)")
        }
        let rate = Double(claims.count) / elapsed
        let what = clients == 1 ? "batch push, one client" : "batch push, \(clients) clients at once"
        report.record("\(deployment.label): \(what)", String(format: "%.0f verdicts/s", rate))
        report.record(
            "\(deployment.label): server CPU per pushed verdict (\(clients == 1 ? "one client" : "\(clients) clients"))",
            String(format: "%.0f µs", (deployment.cpuSeconds - cpuBefore) / Double(claims.count) * 1_000_000))
        if let databaseBefore, let databaseAfter = deployment.databaseCPUSeconds() {
            report.record(
                "\(deployment.label): PostgreSQL CPU per pushed verdict (\(clients == 1 ? "one client" : "\(clients) clients"))",
                String(format: "%.0f µs", (databaseAfter - databaseBefore) / Double(claims.count) * 1_000_000))
        }
        return rate
    }
}
