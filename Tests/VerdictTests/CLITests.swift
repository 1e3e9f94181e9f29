import Foundation
import GRDB
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The built `verdict-server` binary: admin commands on real database files, and `serve` as a process.
@Suite struct CLITests {
    func temporaryDatabase() throws -> String {
        try makeTemporaryDirectory().appendingPathComponent("verdict.sqlite").path
    }

    /// Runs `body` with what `--db` takes for a new, empty database on `backend`: a file in a temporary folder, or
    /// the URL of a fresh PostgreSQL database, dropped afterwards.
    func withDatabase(_ backend: TestBackend, _ body: (String) async throws -> Void) async throws {
        switch backend {
        case .sqlite:
            try await body(try temporaryDatabase())
        case .postgres:
            let database = try await TestPostgres.makeDatabaseURL()
            do {
                try await body(database.url)
                try await database.drop()
            } catch {
                try? await database.drop()
                throw error
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func usersLifecycle(backend: TestBackend) async throws {
        try await withDatabase(backend) { db in
            let added = try ServerBinary.run(["users", "add", "alice", "--role", "editor", "--db", db, "--json"])
            #expect(added.status == 0, "\(added.stderr)")
            let token = try JSONDecoder().decode(IssuedToken.self, from: Data(added.stdout.utf8))
            #expect(token.user == "alice" && token.token.hasPrefix("vdt_") && token.token.count == 68)

            let plain = try ServerBinary.run(["users", "add", "bob", "--db", db])
            #expect(
                plain.status == 0 && plain.stdout.contains("created reviewer 'bob'") && plain.stdout.contains("vdt_"))
            let list = try ServerBinary.run(["users", "list", "--db", db])
            #expect(list.stdout.contains("alice") && list.stdout.contains("editor") && !list.stdout.contains("system"))

            let second = try ServerBinary.run(["users", "token", "alice", "--label", "laptop", "--db", db])
            #expect(second.status == 0 && second.stdout.contains("vdt_"))
            let tokens = try ServerBinary.run(["users", "tokens", "alice", "--db", db, "--json"])
            let infos = try JSONDecoder().decode([TokenInfo].self, from: Data(tokens.stdout.utf8))
            #expect(infos.count == 2 && infos.allSatisfy { $0.revokedAt == nil })
            #expect(!tokens.stdout.contains("vdt_"), "token secrets are never listed")

            let revokeOne = try ServerBinary.run(["users", "revoke", "alice", "--token", "\(infos[0].id)", "--db", db])
            #expect(revokeOne.status == 0 && revokeOne.stdout.contains("revoked 1 token"))
            #expect(try ServerBinary.run(["users", "disable", "alice", "--db", db]).status == 0)
            let listed = try ServerBinary.run(["users", "list", "--db", db, "--json"])
            let users = try JSONDecoder().decode([User].self, from: Data(listed.stdout.utf8))
            #expect(users.first { $0.name == "alice" }?.disabled == true)
            #expect(try ServerBinary.run(["users", "enable", "alice", "--db", db]).status == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func userCommandErrors(backend: TestBackend) async throws {
        try await withDatabase(backend) { db in
            _ = try ServerBinary.run(["users", "add", "alice", "--db", db])
            let cases: [([String], String)] = [
                (["users", "add", "alice", "--db", db], "already exists"),
                (["users", "add", "bad name", "--db", db], "must be 1-64"),
                (["users", "add", "system", "--db", db], "reserved"),
                (["users", "add", "carol", "--role", "overlord", "--db", db], "overlord"),
                (["users", "token", "nobody", "--db", db], "no user named 'nobody'"),
                (["users", "revoke", "alice", "--token", "999", "--db", db], "no token 999"),
                (["users", "disable", "nobody", "--db", db], "no user named"),
                (["users", "list", "--db", "/proc/no/such/dir/x.sqlite"], "cannot open database"),
                (
                    ["serve", "--port", "0", "--db", "postgres://verdict@localhost/verdict?host=/proc/no/such/dir"],
                    "no PostgreSQL server listens at /proc/no/such/dir",
                ),
            ]
            for (arguments, message) in cases {
                let result = try ServerBinary.run(arguments)
                #expect(result.status != 0, "\(arguments)")
                #expect((result.stderr + result.stdout).contains(message), "\(arguments): \(result.stderr)")
            }
            _ = try ServerBinary.run(["users", "disable", "alice", "--db", db])
            let disabled = try ServerBinary.run(["users", "token", "alice", "--db", db])
            #expect(disabled.status != 0 && disabled.stderr.contains("disabled"))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func revokingOrDisablingTakesEffectOnARunningServer(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            #expect(try await server.client("rita").get("/v1/me").status == 200)
            let revoke = try ServerBinary.run(["users", "revoke", "rita", "--db", server.databasePath])
            #expect(revoke.status == 0, "\(revoke.stderr)")
            #expect(try await server.client("rita").get("/v1/me").status == 401)

            #expect(try await server.client("ravi").get("/v1/me").status == 200)
            #expect(try ServerBinary.run(["users", "disable", "ravi", "--db", server.databasePath]).status == 0)
            #expect(try await server.client("ravi").get("/v1/me").status == 401)

            let added = try ServerBinary.run(["users", "add", "newbie", "--db", server.databasePath, "--json"])
            let token = try JSONDecoder().decode(IssuedToken.self, from: Data(added.stdout.utf8))
            #expect(try await HTTPTestClient(port: server.port, token: token.token).get("/v1/me").status == 200)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func importReportsDuplicatesAndFailures(backend: TestBackend) async throws {
        try await withDatabase(backend) { db in
            let folder = try makeTemporaryDirectory()
            func write(_ name: String, _ text: String) throws {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            try write("a.txt", "Truce talk\nSource: Test Ledger\nPublished: 2026-01-31\n\nBody of a.\n")
            try write("b.md", "---\ntitle: Second\nsource: Bulletin\n---\n\nBody of b.\n")
            try write(
                "c.json", #"[{"title": "Third", "body": "Body of c."}, {"title": "Fourth", "body": "Body of d."}]"#)
            try write("d.txt", "Same body as a\n\nBody of a.\n")
            let good = try ServerBinary.run(["import", "--db", db, folder.path])
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains("4 imported, 1 duplicates skipped, 0 failed"), "\(good.stdout)")
            #expect(good.stdout.contains("skipped") && good.stdout.contains("d.txt"))

            try write("e.json", #"{"title": 5}"#)
            try Data([0x54, 0x0A, 0x0A, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("f.txt"))
            try write("g.txt", "Bad date\nPublished: 31/01/2026\n\nBody of g.\n")
            let again = try ServerBinary.run(["import", "--db", db, folder.path])
            #expect(again.status != 0)
            #expect(again.stdout.contains("0 imported, 5 duplicates skipped, 3 failed"), "\(again.stdout)")
            #expect(again.stderr.contains("e.json") && again.stderr.contains("title"))
            #expect(again.stderr.contains("f.txt") && again.stderr.contains("UTF-8"))
            #expect(again.stderr.contains("g.txt") && again.stderr.contains("published"))

            let missing = try ServerBinary.run(["import", "--db", db, folder.appendingPathComponent("nope").path])
            #expect(missing.status != 0 && missing.stderr.contains("no such file"))
            let reviewer = try ServerBinary.run(["users", "add", "rev", "--db", db])
            #expect(reviewer.status == 0)
            let asReviewer = try ServerBinary.run(["import", "--db", db, "--user", "rev", folder.path])
            #expect(asReviewer.status != 0 && asReviewer.stderr.contains("only editors and admins"))
        }
    }

    // SQLite only: `backup` copies the SQLite file, and the test reads the copy.
    @Test func backupWhileTheServerWrites() async throws {
        try await withServer { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            // Keep writing while the backup runs.
            let writer = Task {
                for index in 0..<200 {
                    let label = index % 2 == 0 ? "true" : "false"
                    let results = try await server.client("rita").push([
                        Mutation.verdict(
                            id: "v0", claimId: claim.id, label: label, baseVersion: index == 0 ? nil : index)
                    ])
                    guard results.first?.status == .applied else { throw TestFailure("\(results)") }
                }
            }
            let out = server.directory.appendingPathComponent("backup.sqlite").path
            let result = try ServerBinary.run(["backup", "--db", server.databasePath, out])
            #expect(result.status == 0, "\(result.stderr)")
            try await writer.value
            let copy = try DatabaseQueue(path: out)
            try await copy.read { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
                let changes = try Int.fetchOne(db, sql: "SELECT count(*) FROM changes") ?? 0
                let maxSeq = try Int.fetchOne(db, sql: "SELECT max(seq) FROM changes") ?? 0
                #expect(changes >= 2 && changes == maxSeq, "a consistent snapshot has no gaps")
            }
            let exists = try ServerBinary.run(["backup", "--db", server.databasePath, out])
            #expect(exists.status != 0 && exists.stderr.contains("already exists"))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func serveStopsGracefullyOnSIGTERM(backend: TestBackend) async throws {
        try await withDatabase(backend) { db in
            let added = try ServerBinary.run(["users", "add", "erin", "--role", "editor", "--db", db, "--json"])
            let token = try JSONDecoder().decode(IssuedToken.self, from: Data(added.stdout.utf8)).token
            // Debug logs say when the request has reached the server and when its shutdown has begun.
            let server = try RunningServerProcess(arguments: [
                "serve", "--db", db, "--port", "0", "--log-level", "debug",
            ])
            let port = try server.waitForPort()
            #expect(server.text.contains("level=info"))

            // A request in flight when SIGTERM arrives is finished before the server exits.
            let body = try JSONEncoder().encode(Fixtures.article(body: Fixtures.uniqueBody()))
            let socket = try RawHTTPConnection(port: port)
            try socket.send(
                "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
            try socket.send(body.prefix(10))
            #expect(server.waitForOutput("hb.request.method=POST hb.request.path=/v1/articles"), "\(server.text)")
            server.signal(SIGTERM)
            #expect(server.waitForOutput("Triggering graceful shutdown for service\" sl-service=PreludeService"))
            try socket.send(body.dropFirst(10))
            let response = try socket.readAll()
            #expect(response.hasPrefix("HTTP/1.1 201"), "\(response)")
            #expect(try server.waitForExit() == 0)
            #expect(server.text.contains("verdict-server stopped"))
            if backend == .postgres {
                // The pool is a service of the server's group, started with it and stopped after the HTTP server.
                let log = server.text
                let started = log.range(of: "\"Starting service\" sl-service=VerdictServer.PostgresStore")
                let serverStopped = log.range(of: "\"Service finished\" sl-service=PreludeService")
                let poolStopped = log.range(of: "\"Service finished\" sl-service=VerdictServer.PostgresStore")
                #expect(started != nil, "\(log)")
                if let serverStopped, let poolStopped {
                    #expect(serverStopped.lowerBound < poolStopped.lowerBound, "\(log)")
                } else {
                    Issue.record("no shutdown of the server and the pool in the log: \(log)")
                }
            }
            let users = try ServerBinary.run(["users", "list", "--db", db])
            #expect(users.status == 0)
        }
    }

    @Test func badConfigIsReportedClearly() throws {
        let folder = try makeTemporaryDirectory()
        let config = folder.appendingPathComponent("config.json")
        try #"{"scale": {"labels": [{"id": "True!", "name": "", "ordinal": true}]}}"#.write(
            to: config, atomically: true, encoding: .utf8)
        let result = try ServerBinary.run([
            "serve", "--db", folder.appendingPathComponent("x.sqlite").path, "--config", config.path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("label id 'True!'"), "\(result.stderr)")
        let missing = try ServerBinary.run(["serve", "--config", "/nonexistent.json"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read config file"))
    }

    @Test(arguments: TestBackend.allCases)
    func theDemoServesTheCorpusWithSampleClaimsToReview(backend: TestBackend) async throws {
        try await withDatabase(backend) { db in
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let db = try temporaryDatabase()
            let server = try RunningServerProcess(arguments: [
                "demo", "--port", "0", "--db", db, "--corpus", repository.appendingPathComponent("Samples/corpus").path,
                "--claims", repository.appendingPathComponent("Samples/demo-claims.json").path,
            ])
            defer { server.signal(SIGTERM) }
            let port = try server.waitForPort()
            #expect(server.waitForOutput("ravi  reviewer"), "\(server.text)")
            let token = try #require(
                server.text.split(separator: "\n").first { $0.contains("rita  reviewer") }?.split(separator: " ").last)
            let rita = HTTPTestClient(port: port, token: String(token), userName: "rita")
            let changes = try await rita.allChanges()
            let claims = changes.filter { $0.type == .claim }
            let verdicts = changes.compactMap { change -> Verdict? in
                if case .verdict(let verdict) = change.record { return verdict }
                return nil
            }
            #expect(changes.filter { $0.type == .article }.count == 8)
            #expect(claims.count >= 10, "sample claims to review")
            // Blind review: rita has rated nothing, so the demo reviewers' verdicts stay hidden from her.
            #expect(verdicts.isEmpty, "blind review withholds the others' verdicts")
            let editor = try #require(
                server.text.split(separator: "\n").first { $0.contains("erin  editor") }?.split(separator: " ").last)
            let erinVerdicts = try await HTTPTestClient(port: port, token: String(editor), userName: "erin")
                .allChanges()
                .filter { $0.type == .verdict }
            #expect(!erinVerdicts.isEmpty, "the editor sees the demo desk's verdicts")
            // Three reviewers agree on some claims, so an editor has something ready to publish.
            let byClaim = Dictionary(
                grouping: erinVerdicts.compactMap { change -> Verdict? in
                    if case .verdict(let verdict) = change.record { return verdict }
                    return nil
                }, by: \.claimId)
            #expect(byClaim.values.contains { Set($0.map(\.reviewer)) == ["ravi", "erin", "rhea"] })
        }
    }

    @Test func helpIsThereForEveryCommand() throws {
        for command in [[], ["serve"], ["users"], ["users", "add"], ["import"], ["backup"], ["demo"]] {
            let result = try ServerBinary.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
    }
}
