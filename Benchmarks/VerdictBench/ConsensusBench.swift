import Foundation
import GRDB
import VerdictShared
import VerdictTestSupport

/// `verdict-bench --consensus`: consensus, agreement and export over C claims and V verdicts from 500
/// reviewers (BENCHMARKS.md), and majority vote against Dawid-Skene on synthetic data with known truth.
final class ConsensusBench {
    let options: Options
    let client: ClientBench
    let report = BenchReport()

    init(options: Options) throws {
        self.options = options
        client = try ClientBench(options: options)
    }

    func run() throws {
        defer {
            if ProcessInfo.processInfo.environment["VERDICT_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: client.folder)
            } else {
                print("kept \(client.folder.path)")
            }
        }
        try synthetic()
        // Two sizes, a tenth and the full one: memory that stays flat gives the same peaks at both.
        let claims = options.clientClaims
        let perClaim = max(1, options.clientVerdicts / max(1, claims))
        let small = try overHTTP(claims: max(1, claims / 10), perClaim: perClaim)
        let full = try overHTTP(claims: claims, perClaim: perClaim)
        for (name, peak) in full {
            guard let before = small[name] else { continue }
            report.record(
                "\(name): peak RSS at \(claims * perClaim) verdicts / at a tenth", String(format: "%.2f", peak / before)
            )
        }
        report.printTable()
    }

    /// Peak resident memory of a process so far (VmHWM), in MiB.
    static func peakMiB(pid: Int32) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    static func timed<T>(_ work: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let value = try work()
        return (value, Date().timeIntervalSince(start))
    }

    /// A desk with known truth: the share of reliable, careless, spamming and biased reviewers is fixed, each
    /// claim gets `perClaim` verdicts from random reviewers.
    private func synthetic() throws {
        let claims = options.clientClaims
        let perClaim = max(1, options.clientVerdicts / max(1, claims))
        let labels = VerdictScale.standard.labels.count
        print("synthetic desk: \(claims) claims x \(perClaim) verdicts, 500 reviewers with known truth...")
        var rng = SplitMix64(state: 2026)
        // 40% reliable (90% right), 30% careless (55% right), 15% spammers (random), 15% biased (one step lenient).
        let kinds = (0..<500).map { index -> Int in index < 200 ? 0 : index < 350 ? 1 : index < 425 ? 2 : 3 }
        var truth = [Int](repeating: 0, count: claims)
        var ratings: [Agreement.Rating] = []
        ratings.reserveCapacity(claims * perClaim)
        for claim in 0..<claims {
            let real = Int(rng.next() % UInt64(labels))
            truth[claim] = real
            var chosen = Set<Int>()
            while chosen.count < perClaim { chosen.insert(Int(rng.next() % 500)) }
            for reviewer in chosen.sorted() {
                let roll = Double(rng.next() % 10_000) / 10_000
                let random = Int(rng.next() % UInt64(labels))
                let value: Int
                switch kinds[reviewer] {
                case 0: value = roll < 0.9 ? real : random
                case 1: value = roll < 0.55 ? real : random
                case 2: value = random
                default: value = roll < 0.8 ? max(0, real - 1) : real
                }
                ratings.append(Agreement.Rating(unit: claim, rater: reviewer, value: value))
            }
        }
        let (majority, majoritySeconds) = Self.timed { Consensus.majority(ratings, labels: labels) }
        let (fitted, dawidSkeneSeconds) = try Self.timed { try Consensus.dawidSkene(ratings, labels: labels) }
        // The agreement report as the server computes it: spooled to a temporary file, then read in passes.
        let (_, agreementSeconds) = try Self.timed {
            let spool = try VoteSpool(scale: .standard)
            for rating in ratings.sorted(by: { ($0.unit, $0.rater) < ($1.unit, $1.rater) }) {
                try spool.add(
                    claim: "c\(rating.unit)", article: "a\(rating.unit / 100)", reviewer: "r\(rating.rater)",
                    label: VerdictScale.standard.labels[rating.value].id)
            }
            return try AgreementReport.make(spool, method: .dawidSkene, minimumShared: 5)
        }
        func accuracy(_ outcomes: [Int: Consensus.Outcome]) -> Double {
            Double((0..<claims).filter { outcomes[$0]?.label == truth[$0] }.count) / Double(claims)
        }
        report.record(
            "synthetic: majority vote", String(format: "%.2f s, accuracy %.3f", majoritySeconds, accuracy(majority)))
        report.record(
            "synthetic: Dawid-Skene",
            String(
                format: "%.2f s, %d iterations%@, accuracy %.3f", dawidSkeneSeconds, fitted.iterations,
                fitted.converged ? "" : " (cap)", accuracy(fitted.outcomes)))
        let ties = majority.values.filter { $0.label == nil }.count
        report.record("synthetic: majority ties (disputed)", "\(ties) of \(claims) claims")
        var estimated = [Double](repeating: 0, count: 4)
        var counts = [Double](repeating: 0, count: 4)
        for (reviewer, kind) in kinds.enumerated() {
            estimated[kind] += fitted.accuracy[reviewer] ?? 0
            counts[kind] += 1
        }
        report.record(
            "synthetic: Dawid-Skene accuracy estimate, reliable / careless / spammer / biased",
            (0..<4).map { String(format: "%.2f", estimated[$0] / counts[$0]) }.joined(separator: " / "))
        report.record(
            "synthetic: full agreement report (alpha, Fleiss, pairs, reviewers, articles)",
            String(format: "%.2f s", agreementSeconds))
        report.record(
            "bench process peak RSS after the in-process steps",
            String(format: "%.0f MiB", Self.peakMiB(pid: ProcessInfo.processInfo.processIdentifier)))
    }

    /// The real server over a database of that size: agreement and every export format, each on a freshly
    /// started server so that each peak RSS is its own. Returns the peaks by step.
    private func overHTTP(claims: Int, perClaim: Int) throws -> [String: Double] {
        let folder = client.folder.appendingPathComponent("server-\(claims)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["VERDICT_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let database = folder.appendingPathComponent("server.sqlite").path
        let tokenJSON = try ServerProcess.admin(
            client.serverBinary, ["users", "add", "bench", "--role", "editor", "--db", database, "--json"])
        let token = try JSONDecoder().decode(IssuedToken.self, from: Data(tokenJSON.utf8)).token
        print("filling a server with \(claims) claims and \(claims * perClaim) verdicts...")
        _ = try client.fillServer(database, claims: claims, verdictsPerClaim: perClaim)
        let published = try Self.publish(everyNth: 10, database: database)
        print("published \(published) claims (one in 10), for the ClaimReview export")
        // ClaimReview needs the address of each fact-check's page.
        let config = folder.appendingPathComponent("config.json")
        try Data(
            #"{"desk": {"name": "Bench Desk", "url": "https://desk.example.org", "claimReviewURL": "https://desk.example.org/checks/{claimId}"}}"#
                .utf8
        ).write(to: config)
        var peaks: [String: Double] = [:]
        var startups: [Double] = []
        for (name, path) in [
            ("GET /v1/agreement (Dawid-Skene)", "/v1/agreement"),
            ("GET /v1/export JSON, Dawid-Skene", "/v1/export?format=json"),
            ("GET /v1/export NDJSON, majority", "/v1/export?format=ndjson&method=majority"),
            ("GET /v1/export CSV, Dawid-Skene", "/v1/export?format=csv"),
            ("GET /v1/export ClaimReview, Dawid-Skene", "/v1/export?format=claimreview"),
        ] {
            let (server, startup) = try Self.timed {
                try ServerProcess(
                    binary: client.serverBinary, database: database,
                    logFile: folder.appendingPathComponent("server.log"), arguments: ["--config", config.path])
            }
            defer { server.stop() }
            let idle = Self.peakMiB(pid: server.process.processIdentifier)
            startups.append(startup)
            let ((size, firstByte), seconds) = try Self.timed {
                try curl("http://127.0.0.1:\(server.port)" + path, token: token)
            }
            let peak = Self.peakMiB(pid: server.process.processIdentifier)
            peaks[name] = peak
            report.record(
                "\(claims * perClaim) verdicts: \(name)",
                String(
                    format: "%.1f s (first byte %.1f s), %.0f MB, server peak RSS %.0f MiB (%.0f MiB before)",
                    seconds, firstByte, Double(size) / 1_000_000, peak, idle))
        }
        report.record(
            "\(claims * perClaim) verdicts: server start-up to listening (fastest / slowest of \(startups.count))",
            String(format: "%.2f / %.2f s", startups.min() ?? 0, startups.max() ?? 0))
        try offline(claims: claims, perClaim: perClaim, database: database, token: token, peaks: &peaks)
        return peaks
    }

    /// Publishes every `n`th claim (in id order) straight into the database, as an editor's
    /// `PUT /v1/publications/{id}` would store it: the publication row and its change. Returns how many.
    static func publish(everyNth n: Int, database: String) throws -> Int {
        let pool = try DatabasePool(path: database)
        defer { try? pool.close() }
        let now = Timestamp.now()
        return try pool.write { db in
            let claims = try String.fetchAll(db, sql: "SELECT id FROM claims ORDER BY id")
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO publications (id, version, claim_id, label, record, published_by, created_at,
                        updated_at) VALUES (?, 1, ?, 'false', ?, 'bench', ?, ?)
                    """)
            let change = try db.makeStatement(
                sql: """
                    INSERT INTO changes (type, record_id, version, deleted, record, user, created_at)
                    VALUES ('publication', ?, 1, 0, ?, 'bench', ?)
                    """)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var count = 0
            for (index, claim) in claims.enumerated() where index % n == 0 {
                let publication = Publication(
                    id: "pub-\(claim)", version: 1, claimId: claim, label: "false",
                    summary: "The figure is not in the report it cites.",
                    evidence: [Evidence(url: "https://example.org/report", note: "the report")], claimAuthor: nil,
                    reason: nil, correction: nil,
                    consensus: PublishedConsensus(label: "false", probability: 0.8, verdicts: 10),
                    publishedBy: "bench", createdAt: now, updatedAt: now)
                let json = String(decoding: try encoder.encode(publication), as: UTF8.self)
                try insert.execute(arguments: [publication.id, claim, json, now, now])
                try change.execute(arguments: [publication.id, json, now])
                count += 1
            }
            return count
        }
    }

    /// The client's offline agreement and export over a workspace that pulled the whole desk.
    private func offline(
        claims: Int, perClaim: Int, database: String, token: String, peaks: inout [String: Double]
    )
        throws
    {
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent()
        let server = try ServerProcess(
            binary: client.serverBinary, database: database, logFile: folder.appendingPathComponent("server.log"))
        defer { server.stop() }
        let home = folder.appendingPathComponent("home")
        let tokenFile = folder.appendingPathComponent("token")
        try Data(token.utf8).write(to: tokenFile)
        _ = try client.client(
            home,
            ["login", "--server", "http://127.0.0.1:\(server.port)", "--user", "bench", "--token-file", tokenFile.path])
        print("pulling \(claims * perClaim) verdicts into a client workspace...")
        _ = try client.client(home, ["pull"])
        let export = folder.appendingPathComponent("offline-export.json").path
        for (name, arguments) in [
            ("verdict agreement (offline, Dawid-Skene)", ["agreement", "--json"]),
            (
                "verdict export --offline JSON, Dawid-Skene",
                ["export", "--offline", "--format", "json", "--out", export]
            ),
        ] {
            let (seconds, peak) = try measured(client.clientBinary.path, arguments, home: home)
            peaks[name] = peak
            report.record(
                "\(claims * perClaim) verdicts: \(name)",
                String(format: "%.1f s, client peak RSS %.0f MiB", seconds, peak))
        }
    }

    /// Runs the client with output discarded; returns its wall time and peak RSS. The peak is the child's
    /// VmHWM, sampled while it runs: wait4's ru_maxrss would count the bench process itself, whose memory the
    /// spawned child shares until it execs.
    private func measured(_ path: String, _ arguments: [String], home: URL) throws -> (seconds: Double, peakMiB: Double)
    {
        let start = Date()
        var peak = 0.0
        try client.spawn(path, arguments, environment: ["XDG_DATA_HOME=\(home.path)", "NO_COLOR=1"]) { pid in
            peak = max(peak, Self.peakMiB(pid: pid))
        }
        return (Date().timeIntervalSince(start), peak)
    }

    /// Downloads to /dev/null with the curl tool; returns the bytes received and the seconds to the first byte.
    private func curl(_ url: String, token: String) throws -> (size: Int, firstByte: Double) {
        let output = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-sf", "-o", "/dev/null", "-w", "%{size_download} %{time_starttransfer}", "-H",
                "Authorization: Bearer \(token)", url,
            ], capturingStandardError: false)
        guard output.status == 0 else {
            throw BenchError("curl \(url) failed (\(output.status))")
        }
        let fields = output.stdout.split(separator: " ")
        return (fields.first.flatMap { Int($0) } ?? 0, fields.last.flatMap { Double($0) } ?? 0)
    }
}
