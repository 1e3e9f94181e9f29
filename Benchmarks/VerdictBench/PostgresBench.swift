import Foundation
import VerdictShared
import VerdictTestSupport

/// `verdict-bench --postgres`: single writes and batch push on SQLite, on PostgreSQL with one server and with
/// two servers on one database, in one run; the raw PostgreSQL insert rate of the same rows as the push's
/// baseline; then the feed grown to `--feed-changes` by SQL, paged through, and its tail read against an empty
/// database's. It starts a throwaway cluster with `scripts/postgres.sh` (or takes `--postgres-url`), one
/// database per set-up, and the real release `verdict-server` binaries on them.
final class PostgresBench {
    let options: Options
    let binary: URL
    let folder: URL
    let report = BenchReport()

    /// Verdicts pushed per set-up: `--pushes` requests of `--batch`.
    var pushVerdicts: Int { options.pushes * options.batch }

    init(options: Options) throws {
        self.options = options
        binary = try BenchFiles.binary("verdict-server")
        folder = try BenchFiles.temporaryFolder("verdict-bench-pg")
    }

    func run() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        print("starting PostgreSQL...")
        let cluster = try PostgresCluster(url: options.postgresURL)
        defer { cluster.stop() }

        let sqlite = try Deployment(
            bench: self, label: "SQLite", database: folder.appendingPathComponent("bench.sqlite").path, servers: 1)
        let sqliteRates = try await writesAndPushes(sqlite)
        sqlite.stop()

        let oneURL = try cluster.createDatabase("bench_one")
        defer { cluster.dropDatabase("bench_one") }
        let one = try Deployment(
            bench: self, label: "PostgreSQL, 1 server", database: oneURL, servers: 1,
            databaseCPUSeconds: { cluster.cpuSeconds })
        defer { one.stop() }
        let oneRates = try await writesAndPushes(one)

        let twoURL = try cluster.createDatabase("bench_two")
        defer { cluster.dropDatabase("bench_two") }
        let two = try Deployment(
            bench: self, label: "PostgreSQL, 2 servers", database: twoURL, servers: 2,
            databaseCPUSeconds: { cluster.cpuSeconds })
        let twoRates = try await writesAndPushes(two)
        two.stop()

        let raw = try rawInsertRates(cluster, url: oneURL, claims: one.claims)
        report.record(
            "raw PostgreSQL insert of the verdict rows alone (prepared, one transaction, psql)",
            String(format: "%.0f rows/s", raw.verdictRows))
        report.record(
            "raw PostgreSQL insert of all rows a push writes per verdict (verdict, change, outcome)",
            String(format: "%.0f verdicts/s", raw.allRows))
        for (label, rates) in [("SQLite", sqliteRates), ("PostgreSQL, 1 server", oneRates)] + [
            ("PostgreSQL, 2 servers", twoRates)
        ] {
            report.record(
                "\(label): batch push / raw PostgreSQL insert of all its rows",
                String(format: "%.2f", rates.push / raw.allRows))
        }
        report.record(
            "PostgreSQL, 2 servers: two clients at once / raw insert of all rows",
            String(format: "%.2f", twoRates.concurrent / raw.allRows))

        try await feed(cluster, url: oneURL, deployment: one)
        report.printTable()
    }

    /// Single writes, one push client, then two push clients at once, on `deployment`.
    private func writesAndPushes(_ deployment: Deployment) async throws -> (push: Double, concurrent: Double) {
        print("\(deployment.label): single writes, \(options.wrkSeconds) s, 8 keep-alive clients...")
        try await singleWrites(deployment)
        print("\(deployment.label): \(options.pushes) pushes of \(options.batch) verdicts...")
        let push = try await batchPush(deployment, user: deployment.editor, prefix: "push", clients: 1)
        let concurrent = try await batchPush(deployment, user: deployment.secondEditor, prefix: "again", clients: 2)
        return (push, concurrent)
    }
}

/// One set-up under test: a database, its users and claims, and the servers serving it.
final class Deployment {
    let label: String
    let database: String
    let servers: [ServerProcess]
    /// Tokens of two editors (who push verdicts) and of the reviewer who makes the single writes.
    let editor: String
    let secondEditor: String
    let writer: String
    /// The claims made on it: the pushes rate the first `pushVerdicts`, the single writes the last 8.
    private(set) var claims: [String] = []

    var ports: [Int] { servers.map(\.port) }
    /// CPU used by all its servers so far, in seconds.
    var cpuSeconds: Double { servers.map(\.cpuSeconds).reduce(0, +) }
    /// CPU used by PostgreSQL so far, in seconds; nil on SQLite (in the server's process) or a cluster not ours.
    let databaseCPUSeconds: () -> Double?

    init(
        bench: PostgresBench, label: String, database: String, servers count: Int,
        databaseCPUSeconds: @escaping () -> Double? = { nil }
    ) throws {
        self.label = label
        self.databaseCPUSeconds = databaseCPUSeconds
        self.database = database
        let binary = bench.binary
        func token(_ name: String, _ role: String) throws -> String {
            let json = try ServerProcess.admin(
                binary, ["users", "add", name, "--role", role, "--db", database, "--json"])
            return try JSONDecoder().decode(IssuedToken.self, from: Data(json.utf8)).token
        }
        editor = try token("bench", "editor")
        secondEditor = try token("bench2", "editor")
        writer = try token("writer", "reviewer")
        let tag = label.filter { $0.isLetter || $0.isNumber }
        servers = try (0..<count).map { index in
            try ServerProcess(
                binary: binary, database: database,
                logFile: bench.folder.appendingPathComponent("server-\(tag)-\(index).log"))
        }
        print("\(label): setting up \(bench.pushVerdicts + Options.wrkConnections) claims...")
        claims = try makeClaims(count: bench.pushVerdicts + Options.wrkConnections)
    }

    func stop() {
        for server in servers where server.process.isRunning { server.stop() }
    }

    /// `count` claims, 1,000 an article, pushed through the first server.
    private func makeClaims(count: Int) throws -> [String] {
        let connection = try RawHTTPConnection(port: ports[0], bearerToken: editor)
        let body = Array(ServerBench.articleBody.unicodeScalars)
        var claims: [String] = []
        var articleIndex = 0
        while claims.count < count {
            articleIndex += 1
            let article = ArticleInput(
                id: "bench-article-\(articleIndex)", title: "Benchmark article \(articleIndex)", source: "Bench",
                body: ServerBench.articleBody + "Article \(articleIndex).")
            _ = try connection.request("POST", "/v1/articles", body: try JSONEncoder().encode(article)).successBody()
            var mutations: [Mutation] = []
            for index in 0..<min(1_000, count - claims.count) {
                let start = index * 5
                var quote = String.UnicodeScalarView()
                quote.append(contentsOf: body[start..<(start + 12)])
                let id = "bench-claim-\(articleIndex)-\(index)"
                claims.append(id)
                mutations.append(
                    Mutation(
                        mutationId: "m-\(id)", type: .claim, op: .put, id: id, baseVersion: nil,
                        record: .claim(
                            ClaimInput(
                                articleId: "bench-article-\(articleIndex)", revision: 1, quote: String(quote),
                                start: start, end: start + 12))))
            }
            let data = try connection.request(
                "POST", "/v1/push", body: try JSONEncoder().encode(PushRequest(mutations: mutations))
            ).successBody()
            let applied = occurrences(of: "\"status\":\"applied\"", in: data)
            guard applied == mutations.count else {
                throw BenchError("claim setup: \(applied) of \(mutations.count) applied")
            }
        }
        return claims
    }
}
