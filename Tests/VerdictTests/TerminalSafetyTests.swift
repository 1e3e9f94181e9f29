import Foundation
import GRDB
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Text from the server or another user never reaches the terminal with its controls: every command that prints
/// it shows ESC, BEL, CR, NUL, DEL, C1 controls, bidi controls and invisible format characters as `<U+XXXX>`.
@Suite struct TerminalSafetyTests {
    /// Every kind of scalar that must not reach a terminal raw: a right-to-left override, an OSC window title
    /// ended by BEL, a clear-screen CSI, CR, NUL, backspace, DEL, the C1 CSI, a right-to-left isolate,
    /// zero-width space and joiner, byte-order mark, Arabic letter mark and right-to-left mark.
    static let hostile =
        "\u{202E}\u{1B}]0;pwned\u{07}\u{1B}[2J\r\u{0}\u{8}\u{7F}\u{9B}\u{2066}\u{200B}\u{200D}\u{FEFF}\u{061C}\u{200F}"

    /// How the start of `hostile` looks once the client has made it visible: short enough to survive the
    /// listings' clipping to an 80-column line.
    static let visibleStart = "<U+202E><U+001B>]0;pwned<U+0007>"

    /// The word the records are made with, as many scalars long as `hostile`, so that claims' scalar offsets
    /// still hold once it is swapped for `hostile` in the database.
    static let placeholder = "Xq" + String(repeating: "z", count: hostile.unicodeScalars.count - 2)

    /// A user name to turn hostile (no NUL: the server's user lookup reads names as C strings).
    static let hostileName = "zed" + hostile.replacingOccurrences(of: "\u{0}", with: "")

    static let users: [(String, Role)] = TestServer.defaultUsers + [("mallory", .reviewer), ("zed", .reviewer)]

    /// The scalars that must not appear in what the client prints.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0B...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    static func raw(in text: String) -> [String] {
        text.unicodeScalars.filter(isForbidden).map { TerminalSafetyTests.visible($0) }
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// `hostile` as it sits inside a JSON string.
    static func jsonEscaped(_ text: String) throws -> String {
        String(String(decoding: try JSONEncoder().encode(text), as: UTF8.self).dropFirst().dropLast())
    }

    struct Seeded {
        let articleA: Article
        let articleB: Article
        /// Published, three verdicts.
        let first: Claim
        /// In article B, rated by rita with a note and evidence; ready to publish.
        let second: Claim
        /// Assigned to rita, not rated by her.
        let third: Claim
        /// Rita's verdict on `second`.
        let ritasVerdict: String
    }

    /// Articles, claims, verdicts with notes and evidence, a publication and an assignment, all carrying the
    /// placeholder wherever a person types text.
    static func seed(_ server: TestServer) async throws -> Seeded {
        let word = placeholder
        let erin = server.client("erin")
        func article(_ letter: String, _ body: String) async throws -> Article {
            try await erin.createArticle(
                ArticleInput(
                    title: "Title \(letter) \(word)", source: "Source \(word)",
                    url: "https://example.org/\(letter)/\(word)", published: "2026-01-30", body: body))
        }
        let articleA = try await article(
            "a",
            "Officials said \(word) that 111 drones flew overnight. Later \(word) said the 30 000 households "
                + "lost heating.\n\nThe pause ends on February 1, \(word) said, after 45 strikes in 3 days.")
        let articleB = try await article("b", "A second report: \(word) that 111 drones flew overnight, it claimed.")
        let first = try await erin.createClaim(articleId: articleA.id, quote: "\(word) that 111 drones flew overnight")
        let third = try await erin.createClaim(
            articleId: articleA.id, quote: "\(word) said the 30 000 households lost heating")
        let second = try await erin.createClaim(articleId: articleB.id, quote: "\(word) that 111 drones flew overnight")
        for user in ["ravi", "mallory", "erin"] {
            for claim in [first, second] {
                let result = try await server.client(user).send(
                    "PUT", "/v1/verdicts/\(RecordID.make())",
                    json: VerdictInput(
                        claimId: claim.id, label: "true", confidence: 0.9,
                        rationale: "Because \(word)\nsecond line \(word)",
                        evidence: [Evidence(url: "https://example.org/evidence/\(word)", note: "note \(word)")]))
                guard (200..<300).contains(result.status) else { throw TestFailure("verdict: \(result.text)") }
            }
        }
        let ritasVerdict = RecordID.make()
        let mine = try await server.client("rita").send(
            "PUT", "/v1/verdicts/\(ritasVerdict)",
            json: VerdictInput(
                claimId: second.id, label: "true", rationale: "My note \(word)",
                evidence: [Evidence(url: "https://example.org/evidence/\(word)")]))
        guard (200..<300).contains(mine.status) else { throw TestFailure("rita's verdict: \(mine.text)") }
        let published = try await erin.send(
            "POST", "/v1/publications",
            json: PublicationInput(
                claimId: first.id, summary: "Summary \(word)\nsecond line \(word)",
                evidence: [Evidence(url: "https://example.org/evidence/\(word)")], claimAuthor: "Author \(word)",
                reason: "Reason \(word)"))
        guard (200..<300).contains(published.status) else { throw TestFailure("publish: \(published.text)") }
        let assigned = try await erin.send(
            "POST", "/v1/assignments", json: AssignmentInput(reviewer: "rita", claimId: third.id, due: "2099-12-31"))
        guard (200..<300).contains(assigned.status) else { throw TestFailure("assign: \(assigned.text)") }
        return Seeded(
            articleA: articleA, articleB: articleB, first: first, second: second, third: third,
            ritasVerdict: ritasVerdict)
    }

    /// With the server stopped, writes the hostile text into its database where the records were stored with
    /// the placeholder (the change log the clients pull from), renames mallory inside the records and zed in
    /// the users table: what an older database, written before the server refused controls, may hold.
    static func tamper(databasePath: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE changes SET record = replace(replace(record, ?, ?), ?, ?)",
                arguments: [
                    placeholder, try jsonEscaped(hostile), "\"mallory\"", "\"mal\(try jsonEscaped(hostile))lory\"",
                ])
            try db.execute(sql: "UPDATE users SET name = ? WHERE name = 'zed'", arguments: [hostileName])
            try db.execute(sql: "UPDATE tokens SET user = ? WHERE user = 'zed'", arguments: [hostileName])
        }
        try queue.close()
    }

    /// A server whose database holds hostile text, and rita's workspace pulled from it.
    static func withHostileServer(
        _ body: (TestServer, Seeded, ClientWorkspace, String) async throws -> Void
    )
        async throws
    {
        var config = ServerConfig()
        config.desk.workflow.blindReview = false
        let first = try await TestServer.start(config: config, users: users)
        let seeded: Seeded
        do {
            seeded = try await seed(first)
            try await first.stop()
        } catch {
            try? await first.stop()
            throw error
        }
        let zedToken = try #require(first.tokens["zed"])
        try tamper(databasePath: first.databasePath)
        let server = try await TestServer.start(
            directory: first.directory, config: config, users: users, existingTokens: first.tokens)
        do {
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            try await body(server, seeded, rita, zedToken)
            try await server.stop()
        } catch {
            try? await server.stop()
            throw error
        }
    }

    @Test func everyCommandShowsControlsInOthersTextVisibly() async throws {
        try await Self.withHostileServer { server, seeded, rita, zedToken in
            let a = seeded.articleA.id
            let b = seeded.articleB.id
            let commands: [[String]] = [
                ["articles"], ["show", a], ["show", b], ["log", seeded.first.id], ["log", seeded.second.id],
                ["queue"], ["ready"], ["search", "pwned"], ["similar", seeded.first.id], ["publications"],
                ["publications", seeded.first.id], ["assignments"], ["coverage"], ["suggest", a],
            ]
            for command in commands {
                let result = try await rita.run(command)
                let shown = "verdict \(command.joined(separator: " ")): \(result)"
                #expect(result.status == 0, "\(shown)")
                #expect(Self.raw(in: result.stdout + result.stderr).isEmpty, "\(Self.raw(in: result.stdout)) \(shown)")
                #expect(result.stdout.contains(Self.visibleStart), "\(shown)")
            }
            // Every command that shows evidence shows its URL with the controls visible.
            let evidenceURL = "https://example.org/evidence/" + TerminalSanitizerForm.singleLine(Self.hostile)
            for command in [["log", seeded.first.id], ["publications", seeded.first.id]] {
                #expect(try await rita.ok(command).contains(evidenceURL), "\(command)")
            }
            // A name in the records (mallory's, in the log) and in an error the client prints (zed's, at login).
            #expect(
                try await rita.ok(["log", seeded.first.id]).contains(
                    "mal" + TerminalSanitizerForm.singleLine(Self.hostile) + "lory"))
            let zed = try ClientWorkspace(user: "zed")
            let tokenFile = zed.dataHome.appendingPathComponent("token.txt")
            try Data(zedToken.utf8).write(to: tokenFile)
            let refused = try await zed.run([
                "login", "--server", server.baseURL, "--user", "zed", "--token-file", tokenFile.path,
            ])
            #expect(refused.status == 4, "\(refused)")
            #expect(Self.raw(in: refused.stdout + refused.stderr).isEmpty, "\(refused)")
            #expect(refused.stderr.contains("zed" + Self.visibleStart), "\(refused)")
        }
    }

    @Test func jsonOutputEscapesControlsAndExportsStayFaithful() async throws {
        try await Self.withHostileServer { _, seeded, rita, _ in
            let shown = try await rita.run(["show", seeded.articleA.id, "--json"])
            #expect(shown.status == 0, "\(shown)")
            #expect(Self.raw(in: shown.stdout).isEmpty, "\(shown)")
            let article = try shown.decode(ShownArticle.self).article
            #expect(article.title == "Title a \(Self.hostile)")
            // The export carries the text as stored, byte for byte (CSV holds it raw; JSON escapes C0 controls).
            let csv = try await rita.ok(["export", "--offline", "--format", "csv"])
            #expect(csv.contains(Self.hostile), "\(csv)")
        }
    }

    @Test func conflictsAndStatusShowControlsVisibly() async throws {
        try await Self.withHostileServer { server, seeded, rita, _ in
            // Rita's verdict changes on the server (another device; bidi and zero-width characters are allowed
            // in text) while her workspace edits its older copy: a conflict.
            let elsewhere = try await server.client("rita").send(
                "PUT", "/v1/verdicts/\(seeded.ritasVerdict)",
                json: VerdictInput(
                    claimId: seeded.second.id, label: "false", rationale: "Elsewhere \u{202E}reversed\u{200B}"),
                headers: ["If-Match": "\"1\""])
            #expect((200..<300).contains(elsewhere.status), "\(elsewhere.text)")
            // (Without the stored evidence, whose URL the server would now refuse.)
            try await rita.ok(["rate", seeded.second.id, "mixed", "--note", "Here", "--clear-evidence"])
            let pushed = try await rita.run(["push"])
            let status = try await rita.run(["status"])
            #expect(pushed.status == 2, "\(pushed) \(status)")
            for command in [["conflicts"], ["status"]] {
                let result = try await rita.run(command)
                let shown = "verdict \(command.joined(separator: " ")): \(result)"
                #expect(result.status == 0, "\(shown)")
                #expect(Self.raw(in: result.stdout + result.stderr).isEmpty, "\(shown)")
            }
            #expect(try await rita.ok(["status"]).contains("conflicts   1"))
            let conflicts = try await rita.ok(["conflicts"])
            #expect(conflicts.contains(Self.visibleStart), "the claim's quote: \(conflicts) \(pushed) \(status)")
            #expect(conflicts.contains("Elsewhere <U+202E>reversed<U+200B>"), "their note: \(conflicts)")
        }
    }

    @Test func reviewShowsControlsInOthersTextVisibly() async throws {
        try await Self.withHostileServer { _, seeded, rita, _ in
            // Rated claims too: rita's own note and evidence, as the server holds them, are on the screen.
            let session = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) review \(seeded.articleB.id) --all",
                environment: rita.environment())
            try await session.wait(for: "claim 1 of 1")
            try await session.wait(for: "evidence: ")
            session.type("q")
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            // The client's own clear-screen sequence, and the pseudo-terminal's CR before each line feed, are
            // the only controls that may be there.
            let screen = session.text.replacingOccurrences(of: "\u{1B}[2J\u{1B}[H", with: "")
                .replacingOccurrences(of: "\r\n", with: "\n")
            #expect(Self.raw(in: screen).isEmpty, "\(Self.raw(in: screen)) \(session.text)")
            let visible = TerminalSanitizerForm.singleLine(Self.hostile)
            #expect(screen.contains("Title b " + Self.visibleStart), "\(screen)")
            #expect(screen.contains("Source " + visible), "\(screen)")
            #expect(screen.contains("https://example.org/evidence/" + visible), "\(screen)")
            #expect(screen.contains("My note " + visible), "\(screen)")

            // Through the queue: the claim assigned to rita, in article A.
            let queued = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) review", environment: rita.environment())
            try await queued.wait(for: "claim 1 of 1 (assigned, due 2099-12-31)")
            queued.type("q")
            #expect(try await queued.waitForExit() == 0, "\(queued.text)")
            let queueScreen = queued.text.replacingOccurrences(of: "\u{1B}[2J\u{1B}[H", with: "")
                .replacingOccurrences(of: "\r\n", with: "\n")
            #expect(Self.raw(in: queueScreen).isEmpty, "\(queued.text)")
            #expect(queueScreen.contains("Source " + visible), "\(queueScreen)")
            #expect(queueScreen.contains("[>" + visible), "\(queueScreen)")
        }
    }
}

/// The visible form the client promises (`TerminalSanitizer` in the `verdict` target, which tests cannot
/// import): every control and format character as `<U+XXXX>`.
enum TerminalSanitizerForm {
    static func singleLine(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: TerminalSafetyTests.visible(scalar)
            default: String(scalar)
            }
        }.joined()
    }
}
