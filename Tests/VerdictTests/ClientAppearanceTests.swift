import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// `verdict link` and `unlink` through the built binary: offline like every edit, checked as the server checks
/// them, and the workspace's offline export and ready list count appearances as the server does.
@Suite struct ClientAppearanceTests {
    @Test(arguments: TestBackend.allCases)
    func anEditorLinksAppearancesAndTheOfflineExportMatchesTheServers(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        try await withServer(config: config, users: AppearanceAPITests.users, backend: backend) { server in
            let (a, b, c) = try await AppearanceAPITests.outlets(server)
            for (reviewer, claim) in [("rita", a), ("ravi", b), ("rhea", c)] {
                #expect(try await server.client(reviewer).putVerdict(claimId: claim.id, label: "false").status == 201)
            }
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            #expect(try await erin.ok(["ready"]).contains("No claim is ready"), "one verdict each: short of quorum")
            // Suggestions offline rank as the server's do; marking a claim shows them.
            let offline = try await erin.json(SimilarClaims.self, ["similar", a.id, "--json"])
            let served = try await server.client("erin").get("/v1/claims/\(a.id)/similar").decode(SimilarClaims.self)
            #expect(offline == served && offline.suggestions.count == 2, "\(offline)")
            let marked = try await erin.ok(["claim", "add", a.articleId, "--quote", "one ballistic missile"])
            #expect(!marked.contains("may say the same"), "\(marked)")
            let otherArticle = try await server.client("erin").createArticle()
            try await erin.ok(["pull"])
            let repeated = try await erin.ok(["claim", "add", otherArticle.id, "--quote", "111 drones"])
            #expect(
                repeated.contains("It may say the same as") && repeated.contains(String(a.id.prefix(8))), "\(repeated)")

            let reviewer = try ClientWorkspace(user: "rita")
            try await reviewer.login(server)
            #expect(try await reviewer.run(["link", b.id, "--to", a.id]).status == 5)
            let selfLink = try await erin.run(["link", a.id, "--to", a.id])
            #expect(selfLink.status == 1 && selfLink.stderr.contains("itself"), "\(selfLink)")
            try await erin.ok(["link", String(b.id.prefix(8)), "--to", String(a.id.prefix(8))])
            // To an appearance not yet pushed as linked: checked against the pulled copy, where b is still alone.
            try await erin.ok(["link", c.id, "--to", a.id])
            #expect(try await erin.ok(["push"]).contains("4 applied"), "two claims marked, two links")
            try await erin.ok(["pull"])
            let again = try await erin.run(["link", c.id, "--to", b.id])
            #expect(again.status == 1 && again.stderr.contains("already an appearance"), "\(again)")
            let shown = try await erin.ok(["show", b.articleId])
            #expect(shown.contains("appearance of \(a.id.prefix(8))"), "\(shown)")

            // Three reviewers on three appearances: one settled claim, ready to publish.
            let ready = try await erin.ok(["ready"])
            #expect(ready.contains("Ready to publish (1)") && ready.contains("of 3"), "\(ready)")
            for format in ["json", "csv"] {
                for method in ["majority", "dawid-skene"] {
                    let online = try await erin.ok(["export", "--format", format, "--method", method])
                    let offline = try await erin.ok(["export", "--format", format, "--method", method, "--offline"])
                    #expect(
                        Self.withoutTimestamp(online) == Self.withoutTimestamp(offline), "\(format) \(method)")
                }
            }
            let refused = try await erin.run(["publish", b.id, "--summary", "No."])
            #expect(refused.status == 1 && refused.stderr.contains("an appearance of"), "\(refused)")
            try await erin.ok(["publish", a.id, "--summary", "Far fewer."])
            try await erin.ok(["sync"])
            let online = try await erin.ok(["export", "--format", "claimreview"])
            #expect(online == (try await erin.ok(["export", "--format", "claimreview", "--offline"])))
            #expect(online.contains("firstAppearance") && online.contains("Outlet B"), "\(online)")

            try await erin.ok(["unlink", c.id])
            try await erin.ok(["sync"])
            let story = try await erin.ok(["log", c.id])
            #expect(
                story.contains("linked as an appearance of claim \(a.id.prefix(8))") && story.contains("unlinked"),
                "\(story)")
            let unlinked = try await erin.run(["unlink", c.id])
            #expect(unlinked.status == 1 && unlinked.stderr.contains("is not linked"), "\(unlinked)")
            let json = try await erin.ok(["export", "--format", "json", "--offline"])
            #expect(json.contains(c.id) && json.contains("\"appearances\""))
        }
    }

    /// Past ``SimilarClaims/prefilterAbove`` claims the workspace scores only what its full-text index finds:
    /// the twin in another outlet is still found, among thousands of other claims.
    /// SQLite only: it tests the client's search over a big workspace, which the backend does not touch, and its
    /// 2,200 claims in long pushes take minutes on PostgreSQL under CI's load (each claim reads its article's
    /// claims in round trips; BENCHMARKS.md, "PostgreSQL").
    @Test func aLargeWorkspaceStillFindsTheTwin() async throws {
        try await withServer(users: AppearanceAPITests.users) { server in
            let (a, b, _) = try await AppearanceAPITests.outlets(server)
            let erin = server.client("erin")
            // 22 short articles of 100 marked lines each: finding each quote stays cheap.
            var fillers: Set<String> = []
            for part in 0..<22 {
                let lines = (0..<100).map { 5_000 + part * 100 + $0 }
                let filler = try await erin.createArticle(
                    Fixtures.article(
                        title: "Filler \(part)",
                        body: lines.map { "Line \($0) of the council minutes." }.joined(separator: "\n")))
                fillers.insert(filler.id)
                let results = try await erin.push(
                    lines.map { line in
                        Mutation(
                            mutationId: "m\(line)", type: .claim, op: .put, id: nil, baseVersion: nil,
                            record: .claim(ClaimInput(articleId: filler.id, quote: "Line \(line) of", occurrence: 1)))
                    })
                #expect(results.allSatisfy { $0.status == .applied })
            }
            let workspace = try ClientWorkspace(user: "erin")
            try await workspace.login(server)
            try await workspace.ok(["pull"])
            let found = try await workspace.json(SimilarClaims.self, ["similar", a.id, "--json"])
            #expect(found.suggestions.contains { $0.claimId == b.id }, "\(found)")
            #expect(!found.suggestions.contains { fillers.contains($0.articleId) }, "\(found)")
        }
    }

    /// The JSON header's `generatedAt` differs between two runs; everything else must not.
    static func withoutTimestamp(_ text: String) -> String {
        text.replacingOccurrences(of: #""generatedAt":"[^"]*""#, with: "", options: .regularExpression)
    }
}
