import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// An editor's article work through the built `verdict` binary, offline first: an article added from a file takes
/// claims before it is pushed, a correction from a file or from $EDITOR makes a new revision the server
/// re-anchors, and withdrawn claims come back with `claim restore`.
@Suite struct ClientEditorTests {
    static let users: [(String, Role)] = [("erin", .editor), ("rita", .reviewer)]

    static let markdown = """
        ---
        title: Ferry fares to rise in March
        source: Coastline Courier
        published: 2026-11-30
        ---

        The port authority said on Monday that ferry fares would rise by 12% from March 1, the first increase \
        since 2019.

        Commuters called the change unfair.
        """

    struct Listed: Decodable {
        let id: String
        let title: String
        let revision: Int
        let local: String?
    }

    @Test func anArticleAddedFromAFileTakesClaimsBeforeItIsPushed() async throws {
        try await withServer(users: Self.users) { server in
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            let file = erin.dataHome.appendingPathComponent("ferry.md")
            try Self.markdown.write(to: file, atomically: true, encoding: .utf8)

            let added = try await erin.ok([
                "article", "add", file.path, "--url", "https://courier.example.net/ferry", "--target", "2",
            ])
            #expect(added.contains("Added article"), "\(added)")
            let listed = try await erin.json([Listed].self, ["articles", "--json"])
            let article = try #require(listed.first)
            #expect(listed.count == 1 && article.local == "new" && article.title == "Ferry fares to rise in March")
            try await erin.ok(["claim", "add", String(article.id.prefix(8)), "--quote", "rise by 12% from March 1"])
            let again = try await erin.run(["article", "add", file.path])
            #expect(again.status == 1 && again.stderr.contains("already has exactly this text"), "\(again)")

            #expect(try await erin.ok(["push"]).contains("2 applied"))
            let stored = try await server.client("erin").get("/v1/articles/\(article.id)").decode(Article.self)
            #expect(stored.source == "Coastline Courier" && stored.published == "2026-11-30" && stored.version == 1)
            #expect(stored.url == "https://courier.example.net/ferry" && stored.targetVerdicts == 2)
            #expect(stored.body.hasPrefix("The port authority said on Monday") && stored.body.hasSuffix("unfair."))
            let claims = try await server.client("erin").allChanges().compactMap { change -> Claim? in
                if case .claim(let claim) = change.record { return claim }
                return nil
            }
            #expect(claims.map(\.quote) == ["rise by 12% from March 1"])
            #expect(try await erin.json([Listed].self, ["articles", "--json"]).first?.local == nil)

            // Reviewers do not add articles; unreadable and malformed files are clear errors.
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            let refused = try await rita.run(["article", "add", file.path])
            #expect(refused.status == 5 && refused.stderr.contains("only editors and admins add articles"))
            let missing = try await erin.run(["article", "add", "/nonexistent/article.txt"])
            #expect(missing.status == 1 && missing.stderr.contains("cannot read"), "\(missing)")
            let broken = erin.dataHome.appendingPathComponent("broken.md")
            try "---\ntitle: Never closed\nbody text\n".write(to: broken, atomically: true, encoding: .utf8)
            let unclosed = try await erin.run(["article", "add", broken.path])
            #expect(unclosed.status == 1 && unclosed.stderr.contains("never closed"), "\(unclosed)")
            let badURL = try await erin.run(["article", "add", file.path, "--title", "Other", "--url", "ftp://x"])
            #expect(badURL.status == 1 && badURL.stderr.contains("http:// or https://"), "\(badURL)")

            // Another editor added the same text meanwhile: the server refuses this copy, which goes, with the reason.
            let twin = try await server.client("erin").createArticle(Fixtures.article(body: "Shared wire copy."))
            let copy = erin.dataHome.appendingPathComponent("copy.txt")
            try "Wire copy\n\nShared wire copy.\n".write(to: copy, atomically: true, encoding: .utf8)
            try await erin.ok(["article", "add", copy.path])
            #expect(try await erin.json([Listed].self, ["articles", "--json"]).contains { $0.local == "new" })
            #expect(try await erin.run(["push"]).status == 2)
            #expect(!(try await erin.json([Listed].self, ["articles", "--json"])).contains { $0.local == "new" })
            let status = try await erin.ok(["status"])
            #expect(status.contains("article \(twin.id) already has exactly this text"), "\(status)")
        }
    }

    @Test func aCorrectionFromAFileOrTheEditorMakesARevisionTheServerReanchors() async throws {
        try await withServer(users: Self.users) { server in
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            let file = erin.dataHome.appendingPathComponent("ferry.md")
            try Self.markdown.write(to: file, atomically: true, encoding: .utf8)
            try await erin.ok(["article", "add", file.path])
            let id = try #require(try await erin.json([Listed].self, ["articles", "--json"]).first?.id)
            try await erin.ok(["claim", "add", id, "--quote", "the first increase since 2019"])
            try await erin.ok(["claim", "add", id, "--quote", "rise by 12% from March 1"])
            try await erin.ok(["push"])

            // A title fix keeps the revision; a file with a new text makes revision 2: one claim moves, one goes.
            try await erin.ok(["article", "correct", id, "--title", "Ferry fares to rise by 12%"])
            let nothing = try await erin.run(["article", "correct", id, "--title", "Ferry fares to rise by 12%"])
            #expect(nothing.status == 1 && nothing.stderr.contains("nothing changes"), "\(nothing)")
            let corrected = erin.dataHome.appendingPathComponent("corrected.txt")
            try
                "Ferry operators said on Monday that fares would rise by 15% from March 1, the first increase since 2019."
                .write(to: corrected, atomically: true, encoding: .utf8)
            let queued = try await erin.ok(["article", "correct", id, "--body-file", corrected.path])
            #expect(queued.contains("a new revision"), "\(queued)")
            #expect(try await erin.json([Listed].self, ["articles", "--json"]).first?.local == "correction")
            try await erin.ok(["sync"])
            let article = try await server.client("erin").get("/v1/articles/\(id)").decode(Article.self)
            #expect(article.revision == 2 && article.title == "Ferry fares to rise by 12%", "\(article)")
            let status = try await erin.ok(["status"])
            #expect(status.contains("1 claim moved, 1 orphaned"), "\(status)")

            // In $EDITOR (a script standing in for one), on a terminal; leaving the text as it is changes nothing.
            let editor = erin.dataHome.appendingPathComponent("editor.sh")
            try "#!/bin/sh\nsed -i 's/15%/14%/' \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
            let session = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) article correct \(id.prefix(8))",
                environment: erin.environment(["VISUAL": editor.path]))
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            #expect(session.text.contains("Queued a correction"), "\(session.text)")
            try await erin.ok(["push"])
            let edited = try await server.client("erin").get("/v1/articles/\(id)").decode(Article.self)
            #expect(edited.revision == 3 && edited.body.contains("rise by 14% from March 1"), "\(edited.body)")
            let unchanged = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) article correct \(id)",
                environment: erin.environment(["VISUAL": "/bin/true"]))
            #expect(try await unchanged.waitForExit() == 0)
            #expect(unchanged.text.contains("The text is unchanged"), "\(unchanged.text)")
            let scripted = try await erin.run(["article", "correct", id, "--edit"])
            #expect(scripted.status == 1 && scripted.stderr.contains("needs a terminal"), "\(scripted)")
        }
    }

    @Test func aWithdrawnClaimIsRestored() async throws {
        try await withServer(users: Self.users) { server in
            let (_, claims) = try await ClientTests.seed(server)
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            try await erin.ok(["claim", "withdraw", claims[0].id])
            try await erin.ok(["push"])
            let notWithdrawn = try await erin.run(["claim", "restore", claims[1].id])
            #expect(notWithdrawn.status == 1 && notWithdrawn.stderr.contains("is not withdrawn"), "\(notWithdrawn)")
            try await erin.ok(["claim", "restore", String(claims[0].id.prefix(8))])
            try await erin.ok(["push"])
            let claim = try await server.client("erin").get("/v1/claims/\(claims[0].id)").decode(Claim.self)
            #expect(claim.status == .active && claim.version == 3)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            #expect(try await rita.run(["claim", "restore", claims[0].id]).status == 5)
        }
    }
}
