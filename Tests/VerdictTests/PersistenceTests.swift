import Foundation
import Testing
import VerdictShared

@Suite struct PersistenceTests {
    @Test func dataSurvivesARestart() async throws {
        let first = try await TestServer.start()
        let article = try await first.client("erin").createArticle()
        let claim = try await first.client("rita").createClaim(articleId: article.id, quote: "111 drones")
        let pushed = try await first.client("rita").push([Mutation.verdict(claimId: claim.id, label: "mixed")])
        let feedBefore = try await first.client("rita").allChanges()
        try await first.stop()

        let second = try await TestServer.start(directory: first.directory, existingTokens: first.tokens)
        do {
            try await checkAfterRestart(second, article: article, claim: claim, pushed: pushed, feedBefore: feedBefore)
            try await second.stop()
        } catch {
            try? await second.stop()
            throw error
        }
    }

    private func checkAfterRestart(
        _ second: TestServer, article: Article, claim: Claim, pushed: [MutationResult], feedBefore: [Change]
    ) async throws {
        #expect(second.port != 0)
        #expect(try await second.client("rita").get("/v1/articles/\(article.id)").decode(Article.self) == article)
        #expect(try await second.client("rita").allChanges() == feedBefore)
        // A retried push after the restart is still answered from the first outcome.
        let retried = try await second.client("rita").push([
            Mutation.verdict(id: pushed[0].id!, claimId: claim.id, label: "mixed", mutationId: pushed[0].mutationId)
        ])
        #expect(retried == pushed)
        // Sequence numbers keep growing across restarts.
        let next = try await second.client("rita").push([Mutation.verdict(claimId: claim.id, label: "true")])
        #expect(next.first?.status == .conflict)
        let claim2 = try await second.client("ravi").createClaim(articleId: article.id, quote: "one ballistic missile")
        let after = try await second.client("ravi").allChanges()
        #expect(after.last?.id == claim2.id && after.last!.seq > feedBefore.last!.seq)
    }

    @Test func aRestoredBackupIsANewFeed() async throws {
        let original = try await TestServer.start()
        _ = try await original.client("erin").createArticle()
        let feed = try await original.client("erin").changes(since: 0).feed
        let restoredDirectory = try makeTemporaryDirectory()
        let copy = restoredDirectory.appendingPathComponent("verdict.sqlite").path
        let backup = try ServerBinary.run(["backup", "--db", original.databasePath, copy])
        try await original.stop()
        #expect(backup.status == 0, "\(backup.stderr)")

        let restarted = try await TestServer.start(directory: original.directory, existingTokens: original.tokens)
        let sameFeed = try await restarted.client("erin").changes(since: 0).feed
        try await restarted.stop()
        #expect(sameFeed == feed, "a restart keeps the feed id")

        let restored = try await TestServer.start(directory: restoredDirectory, existingTokens: original.tokens)
        let page = try await restored.client("erin").changes(since: 0)
        try await restored.stop()
        #expect(page.feed != feed && page.feed.count == 32)
        #expect(page.changes.count == 1, "the copy holds the data")
    }
}
