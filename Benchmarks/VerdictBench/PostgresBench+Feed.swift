import Foundation
import VerdictShared
import VerdictTestSupport

extension PostgresBench {
    /// The feed's advisory lock (`PostgresStore.feedLock`, "verdict2"), taken by the SQL that writes the log
    /// here as every writer of the server's does.
    static let feedLock: Int64 = 0x7665_7264_6963_7432

    /// A timestamp for rows written by SQL.
    static let seededAt = "2026-12-03T12:00:00.000Z"

    /// The push's rows inserted straight into the same tables of the same database (`url`, after its pushes),
    /// by `psql` with prepared statements in one transaction: first the verdict rows alone, as reviewer `raw`,
    /// then every row a push writes per verdict (verdict, change with the record's JSON, remembered outcome) as
    /// `raw2`. The JSON is written beforehand. Returns verdicts per second of each.
    func rawInsertRates(
        _ cluster: PostgresCluster, url: String, claims: [String]
    ) throws -> (verdictRows: Double, allRows: Double) {
        print("raw PostgreSQL inserts of the same rows (psql, prepared statements, one transaction)...")
        for name in ["raw", "raw2"] {
            _ = try ServerProcess.admin(binary, ["users", "add", name, "--role", "editor", "--db", url])
        }
        let labels = VerdictScale.standard.labels.map(\.id)
        let claims = Array(claims.prefix(pushVerdicts))
        let now = Timestamp.now()
        let evidence = Self.literal(jsonArray([Evidence(url: "https://example.org/report/0").jsonText]))
        let verdictColumns =
            "(id, version, claim_id, reviewer, label, confidence, rationale, evidence, deleted, created_at, updated_at)"

        var alone = "BEGIN;\nSELECT pg_advisory_xact_lock(\(Self.feedLock));\n"
        alone += """
            PREPARE v(text, text, text, text, text) AS INSERT INTO verdicts \(verdictColumns)
                VALUES ($1, 1, $2, 'raw', $3, 0.75, 'Checked against the daily report.', $4, 0, $5, $5);

            """
        for (index, claim) in claims.enumerated() {
            alone +=
                "EXECUTE v('raw-\(index)', \(Self.literal(claim)), '\(labels[index % labels.count])', \(evidence), '\(now)');\n"
        }
        alone += "COMMIT;\n"

        var all = "BEGIN;\nSELECT pg_advisory_xact_lock(\(Self.feedLock));\n"
        all += """
            PREPARE v(text, text, text, text, text) AS INSERT INTO verdicts \(verdictColumns)
                VALUES ($1, 1, $2, 'raw2', $3, 0.75, 'Checked against the daily report.', $4, 0, $5, $5);
            PREPARE c(text, text, text) AS INSERT INTO changes (seq, type, record_id, version, deleted, record, "user",
                created_at) VALUES (nextval('changes_seq'), 'verdict', $1, 1, 0, $2, 'raw2', $3);
            PREPARE m(text, text, text, text) AS INSERT INTO mutations ("user", mutation_id, request_hash, result,
                created_at) VALUES ('raw2', $1, $2, $3, $4);

            """
        for (index, claim) in claims.enumerated() {
            let verdict = Verdict(
                id: "raw2-\(index)", version: 1, claimId: claim, reviewer: "raw2", label: labels[index % labels.count],
                confidence: 0.75, rationale: "Checked against the daily report.",
                evidence: [Evidence(url: "https://example.org/report/\(index)")], deleted: false, createdAt: now,
                updatedAt: now)
            let outcome = MutationResult(
                mutationId: "m-" + verdict.id, status: .applied, type: .verdict, id: verdict.id, version: 1,
                seq: Int64(index))
            let id = Self.literal(verdict.id)
            all += "EXECUTE v(\(id), \(Self.literal(claim)), '\(verdict.label)', \(evidence), '\(now)');\n"
            all += "EXECUTE c(\(id), \(Self.literal(verdict.jsonText)), '\(now)');\n"
            all += "EXECUTE m('m-\(verdict.id)', '\(ContentHash.sha256Hex(verdict.id))', "
            all += "\(Self.literal(outcome.jsonText())), '\(now)');\n"
        }
        all += "COMMIT;\n"

        let aloneFile = folder.appendingPathComponent("raw-verdicts.sql")
        let allFile = folder.appendingPathComponent("raw-all.sql")
        try alone.write(to: aloneFile, atomically: true, encoding: .utf8)
        try all.write(to: allFile, atomically: true, encoding: .utf8)
        let aloneSeconds = try cluster.psql(url, file: aloneFile)
        let databaseBefore = cluster.cpuSeconds
        let allSeconds = try cluster.psql(url, file: allFile)
        if let databaseBefore, let databaseAfter = cluster.cpuSeconds {
            report.record(
                "raw PostgreSQL insert of all rows: PostgreSQL CPU per verdict",
                String(format: "%.0f µs", (databaseAfter - databaseBefore) / Double(claims.count) * 1_000_000))
        }
        return (Double(claims.count) / aloneSeconds, Double(claims.count) / allSeconds)
    }

    /// A SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Grows the feed of `url` to `--feed-changes` with SQL (verdicts of a `seed` reviewer, one per claim, each
    /// rewritten until the log is long enough; records as the server writes them), pages through it on
    /// `deployment`'s server, then reads 10 new changes at its tail against the same read on an empty database.
    func feed(_ cluster: PostgresCluster, url: String, deployment: Deployment) async throws {
        let existing = Int(try cluster.psql(url, "SELECT count(*) FROM changes").trimmed) ?? 0
        let need = max(0, options.feedChanges - existing)
        if need > 0 {
            let claims = min(deployment.claims.count, 10_000)
            let versions = (need + claims - 1) / claims
            print("seeding \(claims * versions) changes with SQL (\(claims) verdicts x \(versions) versions)...")
            _ = try ServerProcess.admin(binary, ["users", "add", "seed", "--role", "reviewer", "--db", url])
            let label = "CASE WHEN g.v % 2 = 0 THEN 'true' ELSE 'false' END"
            let start = Date()
            try cluster.psql(
                url,
                """
                BEGIN;
                SELECT pg_advisory_xact_lock(\(Self.feedLock));
                INSERT INTO verdicts (id, version, claim_id, reviewer, label, confidence, rationale, evidence,
                    deleted, created_at, updated_at)
                SELECT 'seed-' || id, \(versions), id, 'seed', \(versions % 2 == 0 ? "'true'" : "'false'"), 0.5,
                    'Seeded for the feed benchmark.', '[]', 0, '\(Self.seededAt)', '\(Self.seededAt)'
                FROM claims ORDER BY id LIMIT \(claims);
                INSERT INTO changes (seq, type, record_id, version, deleted, record, "user", created_at)
                SELECT b.base + (g.v - 1) * \(claims) + s.n, 'verdict', s.id, g.v, 0,
                    '{"id":"' || s.id || '","version":' || g.v || ',"claimId":"' || s.claim_id
                        || '","reviewer":"seed","label":"' || \(label) || '","confidence":0.5,'
                        || '"rationale":"Seeded for the feed benchmark.","evidence":[],"deleted":false,'
                        || '"createdAt":"\(Self.seededAt)","updatedAt":"\(Self.seededAt)"}',
                    'seed', '\(Self.seededAt)'
                FROM generate_series(1, \(versions)) g(v)
                    CROSS JOIN (SELECT id, claim_id, row_number() OVER (ORDER BY id) AS n
                        FROM verdicts WHERE reviewer = 'seed') s
                    CROSS JOIN (SELECT coalesce(max(seq), 0) AS base FROM changes) b;
                SELECT setval('changes_seq', (SELECT max(seq) FROM changes));
                COMMIT;
                ANALYZE;
                """)
            report.record(
                "feed: seeding \(claims * versions) changes by SQL (INSERT … SELECT generate_series)",
                String(format: "%.1f s", Date().timeIntervalSince(start)))
        }
        let total = Int(try cluster.psql(url, "SELECT count(*) FROM changes").trimmed) ?? 0
        let size = try cluster.psql(url, "SELECT pg_size_pretty(pg_database_size(current_database()))").trimmed
        report.record("feed: changes in the database / its size", "\(total) / \(size)")
        try pageThrough(port: deployment.ports[0], token: deployment.editor)

        let big = try tailLatency(port: deployment.ports[0], token: deployment.editor)
        deployment.stop()
        let emptyURL = try cluster.createDatabase("bench_empty")
        defer { cluster.dropDatabase("bench_empty") }
        let json = try ServerProcess.admin(
            binary, ["users", "add", "bench", "--role", "editor", "--db", emptyURL, "--json"])
        let token = try JSONDecoder().decode(IssuedToken.self, from: Data(json.utf8)).token
        let empty = try ServerProcess(
            binary: binary, database: emptyURL, logFile: folder.appendingPathComponent("server-empty.log"))
        defer { empty.stop() }
        let small = try tailLatency(port: empty.port, token: token)
        report.record(
            "feed: read 10 new changes after \(total) (median / p99)",
            String(format: "%.3f / %.3f ms", big.median * 1000, big.p99 * 1000))
        report.record(
            "feed: read 10 changes on an empty database (median / p99)",
            String(format: "%.3f / %.3f ms", small.median * 1000, small.p99 * 1000))
        report.record("feed: tail read ratio big / empty (median)", String(format: "%.2f", big.median / small.median))
    }

    /// Pages through the whole feed, 5,000 changes a page, counting entries without decoding them.
    private func pageThrough(port: Int, token: String) throws {
        print("paging through the whole feed (limit 5000)...")
        let connection = try RawHTTPConnection(port: port, bearerToken: token)
        let start = Date()
        var cursor: Int64 = 0
        var changes = 0
        var bytes = 0
        var pages: [Double] = []
        while true {
            let pageStart = Date()
            let data = try connection.request("GET", "/v1/changes?since=\(cursor)&limit=5000").successBody()
            pages.append(Date().timeIntervalSince(pageStart))
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
        let sorted = pages.sorted()
        report.record(
            "feed: one 5000-change page, first / median / last",
            String(
                format: "%.1f / %.1f / %.1f ms", pages[0] * 1000, sorted[sorted.count / 2] * 1000,
                (pages.last ?? 0) * 1000))
    }

    /// Median and p99 of `GET /v1/changes?since=tail&limit=10` over 900 reads, after 10 new claims are pushed.
    private func tailLatency(port: Int, token: String) throws -> (median: Double, p99: Double) {
        let connection = try RawHTTPConnection(port: port, bearerToken: token)
        let tailBody = "Tail article \(UUID().uuidString) with 111 drones."
        let created = try JSONDecoder().decode(
            Article.self,
            from: try connection.request(
                "POST", "/v1/articles",
                body: try JSONEncoder().encode(ArticleInput(title: "Tail", source: "Bench", body: tailBody))
            ).successBody())
        let mutations = (0..<10).map { index in
            Mutation(
                mutationId: "tail-\(index)-\(UUID().uuidString)", type: .claim, op: .put, id: nil, baseVersion: nil,
                record: .claim(
                    ClaimInput(
                        articleId: created.id, revision: 1, quote: String(tailBody.prefix(4 + index)), start: 0,
                        end: 4 + index)))
        }
        let pushed = try JSONDecoder().decode(
            PushResponse.self,
            from: try connection.request(
                "POST", "/v1/push", body: try JSONEncoder().encode(PushRequest(mutations: mutations))
            ).successBody())
        guard let firstSeq = pushed.results.first?.seq else { throw BenchError("tail setup: \(pushed.results)") }
        var samples: [Double] = []
        for _ in 0..<1000 {
            let start = Date()
            let data = try connection.request("GET", "/v1/changes?since=\(firstSeq - 1)&limit=10").successBody()
            samples.append(Date().timeIntervalSince(start))
            guard try JSONDecoder().decode(ChangesPage.self, from: data).changes.count == 10 else {
                throw BenchError("expected 10 changes at the tail")
            }
        }
        samples = Array(samples.dropFirst(100)).sorted()
        return (samples[samples.count / 2], samples[Int(Double(samples.count) * 0.99)])
    }
}

extension String {
    /// Without the whitespace and newlines around it.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
