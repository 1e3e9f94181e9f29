import Foundation
import GRDB
import VerdictShared
import VerdictTestSupport

/// `verdict-bench --client`: the `verdict` client's figures (BENCHMARKS.md): a full pull of C claims and V
/// verdicts into an empty workspace against raw local inserts of the same rows, pushing offline verdicts, and
/// `verdict status` on a workspace of that size.
///
/// The server's database is filled with raw inserts in the server's own schema and record JSON (pushing a
/// million verdicts over HTTP first would only measure the push again), then served by the real release
/// `verdict-server`; the real release `verdict` binary pulls and pushes.
final class ClientBench {
    let options: Options
    let folder: URL
    let serverBinary: URL
    let clientBinary: URL
    let report = BenchReport()

    init(options: Options) throws {
        self.options = options
        serverBinary = try BenchFiles.binary("verdict-server")
        clientBinary = try BenchFiles.binary("verdict")
        folder = try BenchFiles.temporaryFolder("verdict-client-bench")
    }

    static let reviewers = 500
    static let claimsPerArticle = 100

    func run() throws {
        defer {
            // VERDICT_BENCH_KEEP=1 leaves the databases for a closer look.
            if ProcessInfo.processInfo.environment["VERDICT_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else {
                print("kept \(folder.path)")
            }
        }
        let claims = options.clientClaims
        let verdictsPerClaim = options.clientVerdicts / max(1, claims)
        let database = folder.appendingPathComponent("server.sqlite").path
        let tokenJSON = try ServerProcess.admin(
            // An editor: under blind review (the default) a reviewer's pull would not carry others' verdicts.
            serverBinary, ["users", "add", "bench", "--role", "editor", "--db", database, "--json"])
        let token = try JSONDecoder().decode(IssuedToken.self, from: Data(tokenJSON.utf8)).token

        print("filling the server with \(claims) claims and \(claims * verdictsPerClaim) verdicts...")
        let fillStart = Date()
        let rows = try fillServer(database, claims: claims, verdictsPerClaim: verdictsPerClaim)
        print("  (filled in \(String(format: "%.1f", Date().timeIntervalSince(fillStart))) s)")

        let server = try ServerProcess(
            binary: serverBinary, database: database, logFile: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        let home = folder.appendingPathComponent("home")
        let tokenFile = folder.appendingPathComponent("token")
        try Data(token.utf8).write(to: tokenFile)
        try client(
            home,
            [
                "login", "--server", "http://127.0.0.1:\(server.port)", "--user", "bench",
                "--token-file", tokenFile.path,
            ])

        print("full pull into an empty workspace...")
        let pullStart = Date()
        try client(home, ["pull"])
        let pullSeconds = Date().timeIntervalSince(pullStart)
        let changes = rows.articles + rows.claims + rows.verdicts
        report.record(
            "full pull of \(rows.claims) claims and \(rows.verdicts) verdicts (\(changes) changes)",
            String(format: "%.1f s, %.0f changes/s", pullSeconds, Double(changes) / pullSeconds))

        print("raw local inserts of the same rows...")
        let rawSeconds = try rawInsert(rows: rows)
        report.record(
            "raw SQLite inserts of the same rows into the workspace schema",
            String(format: "%.1f s, %.0f changes/s", rawSeconds, Double(changes) / rawSeconds))
        report.record("pull / raw inserts (rate ratio)", String(format: "%.2f", rawSeconds / pullSeconds))

        let workspace = try String(
            contentsOf: home.appendingPathComponent("verdict/current"), encoding: .utf8
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let pulled = try DatabaseQueue(path: workspace + "/workspace.sqlite").read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM verdicts") ?? 0
        }
        guard pulled == rows.verdicts else {
            throw BenchError("the pull brought \(pulled) verdicts of \(rows.verdicts)")
        }
        let offline = min(10_000, rows.claims)
        try queueOfflineVerdicts(workspace: workspace, count: offline)
        let pushStart = Date()
        let output = try client(home, ["push"])
        let pushSeconds = Date().timeIntervalSince(pushStart)
        guard output.contains("\(offline) applied") else { throw BenchError("push: \(output)") }
        report.record(
            "push of \(offline) offline verdicts",
            String(format: "%.2f s, %.0f verdicts/s", pushSeconds, Double(offline) / pushSeconds))

        // Timed with a bare posix_spawn: Foundation's Process adds tens of milliseconds of its own here.
        func timed(_ arguments: [String]) throws -> (median: Double, max: Double) {
            var samples: [Double] = []
            for _ in 0..<21 {
                let start = Date()
                try spawn(clientBinary.path, arguments, environment: ["XDG_DATA_HOME=\(home.path)", "NO_COLOR=1"])
                samples.append(Date().timeIntervalSince(start) * 1000)
            }
            samples.sort()
            return (samples[samples.count / 2], samples.last ?? 0)
        }
        let status = try timed(["status"])
        let help = try timed(["--help"])
        report.record(
            "`verdict status` on that workspace, whole process (median / max of 21)",
            String(format: "%.1f / %.1f ms", status.median, status.max))
        report.record("`verdict --help`, the process start alone (median)", String(format: "%.1f ms", help.median))
        let size =
            (try? FileManager.default.attributesOfItem(atPath: workspace + "/workspace.sqlite")[.size] as? Int) ?? 0
        report.record("workspace file size", String(format: "%.0f MiB", Double(size) / 1_048_576))
        report.printTable()
    }

    /// Runs the client binary with its data under `home`; returns standard output.
    @discardableResult
    func client(_ home: URL, _ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = home.path
        environment["NO_COLOR"] = "1"
        let output = try ChildProcess.run(
            clientBinary, arguments, environment: environment, capturingStandardError: false)
        guard output.status == 0 else {
            throw BenchError("verdict \(arguments.joined(separator: " ")) exited \(output.status)")
        }
        return output.stdout
    }

    /// Runs a program with output discarded and waits for it; with `whileRunning`, polls every 10 ms instead
    /// and calls it with the process id each time (to sample the process while it lives).
    func spawn(
        _ path: String, _ arguments: [String], environment: [String], whileRunning: ((pid_t) -> Void)? = nil
    ) throws {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { throw BenchError("cannot start \(path)") }
        var status: Int32 = 0
        if let whileRunning {
            while waitpid(pid, &status, WNOHANG) == 0 {
                whileRunning(pid)
                usleep(10_000)
            }
        } else {
            waitpid(pid, &status, 0)
        }
        guard status == 0 else { throw BenchError("\(path) \(arguments) failed (\(status))") }
    }

    /// The rows the pull will carry, as JSON, kept for the raw-insert baseline.
    struct Rows {
        var articles = 0
        var claims = 0
        var verdicts = 0
        var articleJSON: [(String, String)] = []
        var claimJSON: [(id: String, article: String, start: Int, json: String)] = []
        var verdictJSON: [(id: String, claim: String, reviewer: String, json: String)] = []
    }

    /// With `varied`, records look more like a desk's: claim and verdict ids are UUIDs (as clients make them), each
    /// rationale is its own run of words and figures, confidences differ (``VariedText``); otherwise every verdict
    /// says the same. Compression ratios depend on it.
    func fillServer(_ path: String, claims: Int, verdictsPerClaim: Int, varied: Bool = false) throws -> Rows {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        defer { try? pool.close() }
        let now = Timestamp.now()
        var rows = Rows()
        let body = ServerBench.articleBody
        let scalars = Array(body.unicodeScalars)
        let labels = VerdictScale.standard.labels.map(\.id)
        var text = VariedText()
        let claimIDs = (0..<claims).map { varied ? RecordID.make() : "bench-claim-\($0)" }
        try pool.write { db in
            for reviewer in 0..<Self.reviewers {
                try db.execute(
                    sql: "INSERT INTO users (name, role, disabled, created_at) VALUES (?, 'reviewer', 0, ?)",
                    arguments: ["reviewer-\(reviewer)", now])
            }
            let change = try db.makeStatement(
                sql: """
                    INSERT INTO changes (type, record_id, version, deleted, record, user, created_at)
                    VALUES (?, ?, 1, 0, ?, ?, ?)
                    """)
            let articles = (claims + Self.claimsPerArticle - 1) / Self.claimsPerArticle
            for index in 0..<articles {
                let article = Article(
                    id: "bench-article-\(index)", version: 1, revision: 1, title: "Bench article \(index)",
                    source: "Bench Wire", url: nil, published: "2026-02-01",
                    body: body + " \(index)", contentHash: ContentHash.sha256Hex(body + " \(index)"),
                    createdBy: "bench",
                    updatedBy: "bench", createdAt: now, updatedAt: now)
                try db.execute(
                    sql: """
                        INSERT INTO articles (id, version, revision, created_by, created_at, updated_at, updated_by)
                        VALUES (?, 1, 1, 'bench', ?, ?, 'bench')
                        """, arguments: [article.id, now, now])
                try db.execute(
                    sql: """
                        INSERT INTO article_revisions VALUES (?, 1, ?, 'Bench Wire', NULL, '2026-02-01', ?, ?, 'bench', ?)
                        """, arguments: [article.id, article.title, article.body, article.contentHash, now])
                let json = article.jsonText
                try change.execute(arguments: ["article", article.id, json, "bench", now])
                rows.articles += 1
                rows.articleJSON.append((article.id, json))
            }
            let claimRow = try db.makeStatement(
                sql: "INSERT INTO claims VALUES (?, 1, ?, 1, ?, ?, ?, ?, ?, 'active', 'bench', ?, ?, 'exact', NULL)")
            for index in 0..<claims {
                let start = (index % Self.claimsPerArticle) * 50
                let end = start + 30
                let context = TextAnchor.context(of: scalars, start: start, end: end)
                let claim = Claim(
                    id: claimIDs[index], version: 1, articleId: "bench-article-\(index / Self.claimsPerArticle)",
                    revision: 1, quote: TextAnchor.string(scalars[start..<end]), prefix: context.prefix,
                    suffix: context.suffix, start: start, end: end, status: .active, createdBy: "bench", createdAt: now,
                    updatedAt: now)
                try claimRow.execute(arguments: [
                    claim.id, claim.articleId, claim.quote, claim.prefix, claim.suffix, start, end, now, now,
                ])
                let json = claim.jsonText
                try change.execute(arguments: ["claim", claim.id, json, "bench", now])
                rows.claims += 1
                rows.claimJSON.append((claim.id, claim.articleId, start, json))
            }
            let verdictRow = try db.makeStatement(
                sql: "INSERT INTO verdicts VALUES (?, 1, ?, ?, ?, ?, ?, '[]', 0, ?, ?)")
            for index in 0..<claims {
                for k in 0..<verdictsPerClaim {
                    let reviewer = "reviewer-\((index * verdictsPerClaim + k) % Self.reviewers)"
                    let confidence = varied ? text.confidence() : 0.8
                    let verdict = Verdict(
                        id: varied ? RecordID.make() : "bench-verdict-\(index)-\(k)", version: 1,
                        claimId: claimIDs[index], reviewer: reviewer, label: labels[(index + k) % labels.count],
                        confidence: confidence,
                        rationale: varied ? text.rationale() : "Checked against the ministry's daily figures.",
                        evidence: [], deleted: false, createdAt: now, updatedAt: now)
                    try verdictRow.execute(arguments: [
                        verdict.id, verdict.claimId, reviewer, verdict.label, confidence, verdict.rationale, now, now,
                    ])
                    let json = verdict.jsonText
                    try change.execute(arguments: ["verdict", verdict.id, json, reviewer, now])
                    rows.verdicts += 1
                    rows.verdictJSON.append((verdict.id, verdict.claimId, reviewer, json))
                }
            }
        }
        return rows
    }

    /// The same rows, inserted straight into a fresh database of the workspace's schema, one transaction per
    /// 1,000 (as the pull commits per page), with the statements the workspace uses.
    private func rawInsert(rows: Rows) throws -> Double {
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("raw-workspace.sqlite").path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(
                sql: """
                    CREATE TABLE articles (id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL);
                    CREATE TABLE claims (id TEXT PRIMARY KEY, version INTEGER NOT NULL, article_id TEXT NOT NULL,
                        start_offset INTEGER NOT NULL, status TEXT NOT NULL, json TEXT NOT NULL);
                    CREATE INDEX claims_article ON claims(article_id, start_offset);
                    CREATE TABLE verdicts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, claim_id TEXT NOT NULL,
                        reviewer TEXT NOT NULL, deleted INTEGER NOT NULL, json TEXT NOT NULL);
                    CREATE INDEX verdicts_claim ON verdicts(claim_id, reviewer);
                    CREATE TABLE history (claim_id TEXT NOT NULL, verdict_id TEXT NOT NULL, version INTEGER NOT NULL,
                        json TEXT NOT NULL, PRIMARY KEY (verdict_id, version)) WITHOUT ROWID;
                    CREATE INDEX history_claim ON history(claim_id);
                    """)
        }
        let start = Date()
        try queue.write { db in
            let article = try db.makeStatement(sql: "INSERT INTO articles VALUES (?, 1, ?)")
            for (id, json) in rows.articleJSON { try article.execute(arguments: [id, json]) }
        }
        for chunk in stride(from: 0, to: rows.claimJSON.count, by: 1_000) {
            try queue.write { db in
                let claim = try db.makeStatement(sql: "INSERT INTO claims VALUES (?, 1, ?, ?, 'active', ?)")
                for row in rows.claimJSON[chunk..<min(rows.claimJSON.count, chunk + 1_000)] {
                    try claim.execute(arguments: [row.id, row.article, row.start, row.json])
                }
            }
        }
        for chunk in stride(from: 0, to: rows.verdictJSON.count, by: 1_000) {
            try queue.write { db in
                let verdict = try db.makeStatement(sql: "INSERT INTO verdicts VALUES (?, 1, ?, ?, 0, ?)")
                for row in rows.verdictJSON[chunk..<min(rows.verdictJSON.count, chunk + 1_000)] {
                    try verdict.execute(arguments: [row.id, row.claim, row.reviewer, row.json])
                }
            }
        }
        return Date().timeIntervalSince(start)
    }

    /// `count` offline ratings by the bench user, queued as `verdict rate` queues them (one outbox row each),
    /// without paying a process start per rating: on claims `firstClaim` onwards.
    func queueOfflineVerdicts(workspace: String, count: Int, firstClaim: Int = 0, claimIDs: [String]? = nil) throws {
        let queue = try DatabaseQueue(path: workspace + "/workspace.sqlite")
        defer { try? queue.close() }
        let now = Timestamp.now()
        try queue.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO outbox (mutation_id, type, record_id, claim_id, mutation, state, created_at, updated_at)
                    VALUES (?, 'verdict', ?, ?, ?, 'pending', ?, ?)
                    """)
            for index in firstClaim..<(firstClaim + count) {
                let id = RecordID.make()
                let claim = claimIDs?[index] ?? "bench-claim-\(index)"
                let mutation = Mutation(
                    mutationId: RecordID.make(), type: .verdict, op: .put, id: id, baseVersion: nil,
                    record: .verdict(
                        VerdictInput(id: id, claimId: claim, label: "mixed", confidence: 0.6, rationale: "Offline.")))
                let json = String(decoding: try JSONEncoder().encode(mutation), as: UTF8.self)
                try statement.execute(arguments: [mutation.mutationId, id, claim, json, now, now])
            }
        }
    }
}

/// Rationales and confidences that differ from verdict to verdict, from a fixed seed: runs of a newsroom's words
/// with figures, as reviewers write them, so that a benchmark's bytes are not one sentence repeated.
struct VariedText {
    private var random = SplitMix64(state: 0x7e47_0001)
    private static let words = """
        checked against the ministry figures report official count source confirmed denied partly misleading \
        claim quote context missing regional data census statement spokesperson archive photo video date wrong \
        earlier later than stated according to records budget percent rise fall compared with last year agency \
        independent analysis shows does not support the figure cited by minister council survey sample estimate \
        daily weekly published correction interview transcript footage location verified geolocated satellite \
        imagery hospital police court ruling document leaked email press release website deleted cached version
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    mutating func rationale() -> String {
        let count = Int.random(in: 8...28, using: &random)
        var parts: [String] = []
        for index in 0..<count {
            if index % 9 == 4 {
                parts.append("\(Int.random(in: 2...98_000, using: &random))")
            } else {
                parts.append(Self.words[Int.random(in: 0..<Self.words.count, using: &random)])
            }
        }
        return parts.joined(separator: " ").prefix(1).uppercased() + parts.joined(separator: " ").dropFirst() + "."
    }

    mutating func confidence() -> Double { Double(Int.random(in: 50...99, using: &random)) / 100 }
}
