import Foundation
import GRDB
import VerdictShared
import VerdictTestSupport

/// The server's figures (the default benchmark): it starts the real `verdict-server` binary (built beside
/// `verdict-bench`) on temporary databases and measures single verdict writes from 8 concurrent keep-alive
/// clients (wrk), a batch push of N verdicts against raw SQLite inserts of the same rows in the same run, paging
/// through the change feed, reading 10 new changes at the tail of a large feed against an empty server, and
/// the server's resident memory.
final class ServerBench {
    let options: Options
    let binary: URL
    let folder: URL
    let report = BenchReport()

    init(options: Options) throws {
        self.options = options
        binary = try BenchFiles.binary("verdict-server")
        folder = try BenchFiles.temporaryFolder("verdict-bench")
    }

    func run() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("bench.sqlite").path
        let token = try userToken(database, "bench", role: "editor")
        let writerToken = try userToken(database, "wrk", role: "reviewer")
        let server = try ServerProcess(
            binary: binary, database: database, logFile: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        try await Task.sleep(for: .milliseconds(500))
        report.record("server RSS idle", String(format: "%.1f MiB", server.residentMiB))
        let client = BenchClient(base: "http://127.0.0.1:\(server.port)", token: token)

        print("setting up \(options.verdicts) claims...")
        let claims = try await makeClaims(client, count: options.verdicts)
        try singleWrites(server: server, token: writerToken, claims: Array(claims.suffix(8)))
        let verdicts = try await batchPush(client, claims: claims, database: database, server: server)
        try await feed(client, verdicts: verdicts)
        try await tailRead(client, serverDatabase: database)
        report.record("server RSS after the runs", String(format: "%.1f MiB", server.residentMiB))
        report.printTable()
    }

    func userToken(_ database: String, _ name: String, role: String) throws -> String {
        let json = try ServerProcess.admin(binary, ["users", "add", name, "--role", role, "--db", database, "--json"])
        return try JSONDecoder().decode(IssuedToken.self, from: Data(json.utf8)).token
    }

    // MARK: Setup

    static let articleBody: String = {
        var text = ""
        var sentence = 0
        while text.unicodeScalars.count < 6_000 {
            sentence += 1
            text +=
                "Report \(sentence): officials counted \(sentence * 7) drones and \(sentence % 9) missiles overnight. "
        }
        return text
    }()

    /// `count` claims spread over articles of about 6,000 scalars, 1,000 spans each; pushed in batches.
    func makeClaims(_ client: BenchClient, count: Int) async throws -> [String] {
        let perArticle = 1_000
        var claims: [String] = []
        var articleIndex = 0
        while claims.count < count {
            articleIndex += 1
            let article = ArticleInput(
                id: "bench-article-\(articleIndex)", title: "Benchmark article \(articleIndex)", source: "Bench",
                body: Self.articleBody + "Article \(articleIndex).")
            _ = try await client.send("POST", "/v1/articles", body: try JSONEncoder().encode(article))
            var mutations: [Mutation] = []
            let body = Array(Self.articleBody.unicodeScalars)
            for index in 0..<min(perArticle, count - claims.count) {
                let start = index * 5
                let end = start + 12
                var quote = String.UnicodeScalarView()
                quote.append(contentsOf: body[start..<end])
                let id = "bench-claim-\(articleIndex)-\(index)"
                claims.append(id)
                mutations.append(
                    Mutation(
                        mutationId: "m-\(id)", type: .claim, op: .put, id: id, baseVersion: nil,
                        record: .claim(
                            ClaimInput(
                                articleId: article.id!, revision: 1, quote: String(quote), start: start, end: end))))
            }
            let results = try await push(client, mutations)
            guard results.allSatisfy({ $0.status == .applied }) else {
                throw BenchError("claim setup failed: \(results.first { $0.status != .applied }!)")
            }
        }
        return claims
    }

    private func push(_ client: BenchClient, _ mutations: [Mutation]) async throws -> [MutationResult] {
        let data = try await client.send(
            "POST", "/v1/push", body: try JSONEncoder().encode(PushRequest(mutations: mutations)))
        return try JSONDecoder().decode(PushResponse.self, from: data).results
    }

    // MARK: Single writes (wrk)

    private func singleWrites(server: ServerProcess, token: String, claims: [String]) throws {
        let run = try wrk(server: server, token: token, claims: claims)
        report.record("single writes: rate (8 clients)", String(format: "%.0f writes/s", run.rate))
        report.record("single writes: latency p50 / p90 / p99", run.latencies)
        report.record("single writes: server CPU per write", String(format: "%.0f µs", run.cpuPerRequest * 1_000_000))
        report.record("single writes: non-2xx / socket errors", run.errors)
    }

    /// What one wrk run measured.
    struct WrkRun {
        let rate: Double
        let p50: Double
        let p90: Double
        let p99: Double
        let cpuPerRequest: Double
        let non2xx: Int
        let socketErrors: Int

        var latencies: String { String(format: "%.2f / %.2f / %.2f ms", p50 * 1000, p90 * 1000, p99 * 1000) }
        var errors: String { "\(non2xx) / \(socketErrors)" }
    }

    /// Single verdict writes from one keep-alive connection per claim in `claims` (one wrk thread each, which
    /// keeps its verdict's version for `If-Match`), for `options.wrkSeconds`.
    func wrk(server: ServerProcess, token: String, claims: [String]) throws -> WrkRun {
        print("single verdict writes, \(claims.count) keep-alive connections, \(options.wrkSeconds) s (wrk)...")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bench-writes.lua")
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_CLAIMS"] = claims.joined(separator: ",")
        environment["BENCH_TOKEN"] = token
        environment["BENCH_RUN"] = String(UUID().uuidString.prefix(8))
        return try wrk(
            server: server, ["-t\(claims.count)", "-c\(claims.count)", "-s", script.path], environment: environment)
    }

    /// Runs wrk against the server with `arguments` (its script must print the `WRK ...` summary line of
    /// bench-writes.lua) and reads its summary and the server's CPU time meanwhile.
    func wrk(
        server: ServerProcess, _ arguments: [String], path: String = "", environment: [String: String]
    ) throws
        -> WrkRun
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["wrk"] + arguments + [
                "-d\(options.wrkSeconds)s", "--timeout", "5s", "http://127.0.0.1:\(server.port)\(path)",
            ]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        let cpuBefore = server.cpuSeconds
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let cpuUsed = server.cpuSeconds - cpuBefore
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("WRK ") }) else {
            throw BenchError("wrk printed no summary (is wrk installed?): \(output)")
        }
        var fields: [String: Double] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=")
            if parts.count == 2 { fields[String(parts[0])] = Double(parts[1]) }
        }
        let requests = fields["requests"] ?? 0
        let seconds = (fields["duration_us"] ?? 1) / 1_000_000
        return WrkRun(
            rate: requests / seconds, p50: (fields["p50_us"] ?? 0) / 1e6, p90: (fields["p90_us"] ?? 0) / 1e6,
            p99: (fields["p99_us"] ?? 0) / 1e6, cpuPerRequest: cpuUsed / max(requests, 1),
            non2xx: Int(fields["non2xx"] ?? 0), socketErrors: Int(fields["socket_errors"] ?? 0))
    }

    // MARK: Batch push vs raw SQLite

    private func batchPush(
        _ client: BenchClient, claims: [String], database: String, server: ServerProcess
    ) async throws -> [(String, String)] {
        let count = claims.count
        print("batch push of \(count) verdicts in batches of \(options.batch)...")
        let verdicts = claims.enumerated().map { ("bench-verdict-\($0.offset)", $0.element) }
        let labels = VerdictScale.standard.labels.map(\.id)
        var bodies: [Data] = []
        for chunk in stride(from: 0, to: count, by: options.batch) {
            let mutations = verdicts[chunk..<min(count, chunk + options.batch)].enumerated().map { offset, pair in
                Mutation(
                    mutationId: "push-\(pair.0)", type: .verdict, op: .put, id: pair.0, baseVersion: nil,
                    record: .verdict(
                        VerdictInput(
                            claimId: pair.1, label: labels[(chunk + offset) % labels.count], confidence: 0.75,
                            rationale: "Checked against the daily report.",
                            evidence: [Evidence(url: "https://example.org/report/\(chunk + offset)")])))
            }
            bodies.append(try JSONEncoder().encode(PushRequest(mutations: mutations)))
        }
        let raw = try RawHTTPConnection(port: client.port, bearerToken: client.token)
        let cpuBefore = server.cpuSeconds
        let start = Date()
        for (index, body) in bodies.enumerated() {
            let data = try raw.request("POST", "/v1/push", body: body).successBody()
            // Check every result is applied without paying for a full decode on the client.
            let expected = min(options.batch, count - index * options.batch)
            let applied = occurrences(of: "\"status\":\"applied\"", in: data)
            guard applied == expected else { throw BenchError("push: \(applied) of \(expected) applied") }
        }
        let pushRate = Double(count) / Date().timeIntervalSince(start)
        report.record("batch push: rate", String(format: "%.0f verdicts/s", pushRate))
        report.record(
            "batch push: server CPU per verdict",
            String(format: "%.0f µs", (server.cpuSeconds - cpuBefore) / Double(count) * 1_000_000))

        // The same work as updates from two clients at once (each its own half), to see what overlapping
        // request decoding with the single writer gives.
        let halves = [Array(verdicts.prefix(count / 2)), Array(verdicts.dropFirst(count / 2))]
        var updateBodies: [[(body: Data, count: Int)]] = [[], []]
        for (half, pairs) in halves.enumerated() {
            for chunk in stride(from: 0, to: pairs.count, by: options.batch) {
                let mutations = pairs[chunk..<min(pairs.count, chunk + options.batch)].map { pair in
                    Mutation(
                        mutationId: "concurrent-\(pair.0)", type: .verdict, op: .put, id: pair.0, baseVersion: 1,
                        record: .verdict(
                            VerdictInput(
                                claimId: pair.1, label: "mixed", confidence: 0.6, rationale: "Second look.",
                                evidence: [Evidence(url: "https://example.org/second/\(chunk)")])))
                }
                updateBodies[half].append(
                    (try JSONEncoder().encode(PushRequest(mutations: mutations)), mutations.count))
            }
        }
        let port = client.port
        let token = client.token
        let concurrentStart = Date()
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for bodies in updateBodies {
                group.addTask {
                    try await offThePool {
                        let raw = try RawHTTPConnection(port: port, bearerToken: token)
                        var failed = 0
                        for (body, count) in bodies {
                            let data = try raw.request("POST", "/v1/push", body: body).successBody()
                            failed += count - occurrences(of: "\"status\":\"applied\"", in: data)
                        }
                        return failed
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        guard failures == 0 else { throw BenchError("concurrent push: \(failures) not applied") }
        let concurrentRate = Double(count) / Date().timeIntervalSince(concurrentStart)
        report.record("batch push: two clients at once (updates)", String(format: "%.0f verdicts/s", concurrentRate))

        let (rawRate, allRowsRate) = try rawInsertRate(verdicts: verdicts, labels: labels)
        report.record("raw SQLite batched insert of the same rows", String(format: "%.0f rows/s", rawRate))
        report.record("batch push / raw SQLite", String(format: "%.2f", pushRate / rawRate))
        report.record(
            "raw SQLite insert of all rows a push writes per verdict (verdict, change, outcome)",
            String(format: "%.0f verdicts/s", allRowsRate))
        report.record("batch push / raw insert of all its rows", String(format: "%.2f", pushRate / allRowsRate))
        return verdicts
    }

    /// The same verdict rows inserted straight into a migrated database: one transaction, one reused statement.
    private func rawInsertRate(verdicts: [(String, String)], labels: [String]) throws -> (Double, Double) {
        let path = folder.appendingPathComponent("raw.sqlite").path
        _ = try ServerProcess.admin(binary, ["users", "add", "bench", "--db", path])
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let now = Timestamp.now()
        try pool.write { db in
            let articles = Set(verdicts.map { $0.1.split(separator: "-")[2] })
            for article in articles {
                try db.execute(
                    sql:
                        "INSERT INTO articles (id, version, revision, created_by, created_at, updated_at) VALUES (?, 1, 1, 'bench', ?, ?)",
                    arguments: ["a\(article)", now, now])
                try db.execute(
                    sql: "INSERT INTO article_revisions VALUES (?, 1, 't', 's', NULL, NULL, 'body', ?, 'bench', ?)",
                    arguments: ["a\(article)", String(repeating: "0", count: 64), now])
            }
            let claim = try db.makeStatement(
                sql:
                    "INSERT INTO claims VALUES (?, 1, ?, 1, 'quote', '', '', ?, ?, 'active', 'bench', ?, ?, 'exact', NULL)"
            )
            for (index, pair) in verdicts.enumerated() {
                let article = "a\(pair.1.split(separator: "-")[2])"
                try claim.execute(arguments: [pair.1, article, index, index + 12, now, now])
            }
        }
        let evidence = try JSONEncoder().encode([Evidence(url: "https://example.org/report/0")])
        let evidenceText = String(decoding: evidence, as: UTF8.self)
        let start = Date()
        try pool.write { db in
            let statement = try db.makeStatement(
                sql:
                    "INSERT INTO verdicts VALUES (?, 1, ?, 'bench', ?, 0.75, 'Checked against the daily report.', ?, 0, ?, ?)"
            )
            for (index, pair) in verdicts.enumerated() {
                try statement.execute(arguments: [pair.0, pair.1, labels[index % labels.count], evidenceText, now, now])
            }
        }
        let verdictRowsRate = Double(verdicts.count) / Date().timeIntervalSince(start)

        // Every row a push writes per verdict (verdict, change with the record's JSON, remembered outcome), as
        // another reviewer so that the one-live-verdict index stays in play. JSON is prepared beforehand.
        _ = try ServerProcess.admin(binary, ["users", "add", "bench2", "--db", path])
        let prepared = verdicts.enumerated().map { index, pair in
            let verdict = Verdict(
                id: "all-" + pair.0, version: 1, claimId: pair.1, reviewer: "bench2",
                label: labels[index % labels.count],
                confidence: 0.75, rationale: "Checked against the daily report.",
                evidence: [Evidence(url: "https://example.org/report/\(index)")], deleted: false, createdAt: now,
                updatedAt: now)
            let outcome = MutationResult(
                mutationId: "m-" + verdict.id, status: .applied, type: .verdict, id: verdict.id, version: 1,
                seq: Int64(index))
            return (verdict, verdict.jsonText, outcome.jsonText(), ContentHash.sha256Hex(verdict.id))
        }
        let allStart = Date()
        let allCPUStart = processCPUSeconds()
        try pool.write { db in
            let verdictRow = try db.makeStatement(
                sql: """
                    INSERT INTO verdicts (id, version, claim_id, reviewer, label, confidence, rationale, evidence,
                        deleted, created_at, updated_at) VALUES (?, 1, ?, 'bench2', ?, 0.75, ?, ?, 0, ?, ?)
                    """)
            let changeRow = try db.makeStatement(
                sql: """
                    INSERT INTO changes (type, record_id, version, deleted, record, user, created_at)
                    VALUES ('verdict', ?, 1, 0, ?, 'bench2', ?)
                    """)
            let outcomeRow = try db.makeStatement(
                sql: """
                    INSERT INTO mutations (user, mutation_id, request_hash, result, created_at)
                    VALUES ('bench2', ?, ?, ?, ?)
                    """)
            for (verdict, json, outcome, hash) in prepared {
                try verdictRow.execute(arguments: [
                    verdict.id, verdict.claimId, verdict.label, verdict.rationale, evidenceText, now, now,
                ])
                try changeRow.execute(arguments: [verdict.id, json, now])
                try outcomeRow.execute(arguments: ["m-" + verdict.id, hash, outcome, now])
            }
        }
        let allRowsRate = Double(verdicts.count) / Date().timeIntervalSince(allStart)
        report.record(
            "raw insert of all rows: CPU per verdict",
            String(format: "%.0f µs", (processCPUSeconds() - allCPUStart) / Double(verdicts.count) * 1_000_000))
        return (verdictRowsRate, allRowsRate)
    }

    // MARK: Change feed

    private func feed(_ client: BenchClient, verdicts: [(String, String)]) async throws {
        var total = try await feedLength(client)
        if total < options.feedChanges {
            print("growing the feed from \(total) to \(options.feedChanges) changes (verdict updates)...")
        }
        var version = 2  // the push left each verdict at version 1, the two-client updates at 2
        while total < options.feedChanges {
            for chunk in stride(from: 0, to: verdicts.count, by: 5_000) where total < options.feedChanges {
                let slice = verdicts[chunk..<min(verdicts.count, chunk + 5_000, chunk + options.feedChanges - total)]
                let mutations = slice.map { pair in
                    Mutation(
                        mutationId: "grow-\(pair.0)-\(version)", type: .verdict, op: .put, id: pair.0,
                        baseVersion: version,
                        record: .verdict(VerdictInput(claimId: pair.1, label: version % 2 == 0 ? "true" : "false")))
                }
                let results = try await push(client, mutations)
                guard results.allSatisfy({ $0.status == .applied }) else { throw BenchError("grow: \(results[0])") }
                total += mutations.count
            }
            version += 1
        }
        print("paging through the whole feed (limit 5000)...")
        let raw = try RawHTTPConnection(port: client.port, bearerToken: client.token)
        let start = Date()
        var cursor: Int64 = 0
        var changes = 0
        var bytes = 0
        while true {
            let data = try raw.request("GET", "/v1/changes?since=\(cursor)&limit=5000").successBody()
            // The page ends with "next":N,"hasMore":B,"feed":"..."}; count entries by their "seq" keys.
            let tail = String(decoding: data.suffix(120), as: UTF8.self)
            guard let nextRange = tail.range(of: "\"next\":"),
                let next = Int64(tail[nextRange.upperBound...].prefix { $0.isNumber })
            else { throw BenchError("unexpected page end: \(tail)") }
            changes += occurrences(of: "{\"seq\":", in: data)
            bytes += data.count
            cursor = next
            if tail.contains("\"hasMore\":false") { break }
        }
        let seconds = Date().timeIntervalSince(start)
        report.record(
            "feed: paging through \(changes) changes (limit 5000)",
            String(
                format: "%.1f s, %.0f changes/s, %.0f MB", seconds, Double(changes) / seconds,
                Double(bytes) / 1_000_000))
        // What a client pays on top: decoding one page of 5000 changes with JSONDecoder.
        let page = try raw.request("GET", "/v1/changes?since=0&limit=5000").successBody()
        let decodeStart = Date()
        _ = try JSONDecoder().decode(ChangesPage.self, from: page)
        report.record(
            "feed: client-side JSONDecoder cost per 5000-change page",
            String(format: "%.0f ms", Date().timeIntervalSince(decodeStart) * 1000))
    }

    private func feedLength(_ client: BenchClient) async throws -> Int {
        var cursor: Int64 = 0
        var count = 0
        while true {
            let data = try await client.send("GET", "/v1/changes?since=\(cursor)&limit=5000")
            let page = try JSONDecoder().decode(ChangesPage.self, from: data)
            count += page.changes.count
            cursor = page.next
            if !page.hasMore { return count }
        }
    }

    // MARK: Tail read

    /// Median time of `GET /v1/changes?since=tail&limit=10` on the big server and on an empty one.
    private func tailRead(_ client: BenchClient, serverDatabase: String) async throws {
        let big = try await tailLatency(client)
        let emptyDatabase = folder.appendingPathComponent("empty.sqlite").path
        let token = try userToken(emptyDatabase, "bench", role: "editor")
        let empty = try ServerProcess(
            binary: binary, database: emptyDatabase, logFile: folder.appendingPathComponent("empty.log"))
        defer { empty.stop() }
        let small = try await tailLatency(BenchClient(base: "http://127.0.0.1:\(empty.port)", token: token))
        report.record(
            "feed: read 10 new changes after \(options.feedChanges) (median / p99)",
            String(format: "%.3f / %.3f ms", big.median * 1000, big.p99 * 1000))
        report.record(
            "feed: read 10 changes on an empty server (median / p99)",
            String(format: "%.3f / %.3f ms", small.median * 1000, small.p99 * 1000))
        report.record("feed: tail read ratio big / empty (median)", String(format: "%.2f", big.median / small.median))
    }

    private func tailLatency(_ client: BenchClient) async throws -> (median: Double, p99: Double) {
        let tailBody = "Tail article \(UUID().uuidString) with 111 drones."
        let article = ArticleInput(
            title: "Tail", source: "Bench", body: tailBody)
        let created = try JSONDecoder().decode(
            Article.self, from: try await client.send("POST", "/v1/articles", body: try JSONEncoder().encode(article)))
        let mutations = (0..<10).map { index in
            Mutation(
                mutationId: "tail-\(index)-\(UUID().uuidString)", type: .claim, op: .put, id: nil, baseVersion: nil,
                record: .claim(
                    ClaimInput(
                        articleId: created.id, revision: 1, quote: String(tailBody.prefix(4 + index)), start: 0,
                        end: 4 + index)))
        }
        let applied = try await push(client, mutations)
        guard let firstSeq = applied.first?.seq else { throw BenchError("tail setup: \(applied)") }
        var samples: [Double] = []
        let raw = try RawHTTPConnection(port: client.port, bearerToken: client.token)
        for _ in 0..<1000 {
            let start = Date()
            let data = try raw.request("GET", "/v1/changes?since=\(firstSeq - 1)&limit=10").successBody()
            samples.append(Date().timeIntervalSince(start))
            guard try JSONDecoder().decode(ChangesPage.self, from: data).changes.count == 10 else {
                throw BenchError("expected 10 changes at the tail")
            }
        }
        samples = Array(samples.dropFirst(100)).sorted()
        return (samples[samples.count / 2], samples[Int(Double(samples.count) * 0.99)])
    }
}

/// CPU time this process has used so far, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// How many times `pattern` occurs in `data` (a plain byte scan; the patterns here cannot overlap).
func occurrences(of pattern: String, in data: Data) -> Int {
    let needle = Array(pattern.utf8)
    return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
        guard bytes.count >= needle.count else { return 0 }
        var count = 0
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched {
                    count += 1
                    index += needle.count
                    continue
                }
            }
            index += 1
        }
        return count
    }
}
