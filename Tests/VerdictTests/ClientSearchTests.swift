import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// `verdict search` through the built binary: full-text over quotes, titles and texts (prefixes, accents and
/// case ignored, nothing read as FTS5 syntax), kept current by pulls and corrections, with the claim filters.
@Suite struct ClientSearchTests {
    static let users: [(String, Role)] = [
        ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    struct Found: Decodable {
        struct ClaimHit: Decodable {
            let claimId: String
            let quote: String
            let myLabel: String?
            let published: String?
            let anchoring: String
        }
        struct ArticleHit: Decodable {
            let articleId: String
            let title: String
            let snippet: String
        }
        let claims: [ClaimHit]
        let articles: [ArticleHit]
        let truncated: Bool
    }

    @Test(arguments: TestBackend.allCases)
    func wordsFindClaimsAndArticlesAndFiltersKeepClaims(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            let ferry = try await erin.createArticle(
                Fixtures.article(
                    title: "Lake ferry fares to rise in Zürich",
                    body: "The port authority said ferry fares would rise by 12% from March 1.\n\n"
                        + "Dockworkers said the crossings were already overbooked."))
            let fares = try await erin.createClaim(articleId: ferry.id, quote: "fares would rise by 12% from March 1")
            let crossings = try await erin.createClaim(
                articleId: ferry.id, quote: "the crossings were already overbooked")
            let (_, drones) = try await ClientTests.seed(server)
            // Disputed: three verdicts, no majority; published: the fares claim.
            for (reviewer, label) in [("rita", "true"), ("ravi", "false"), ("rhea", "mixed")] {
                #expect(try await server.client(reviewer).putVerdict(claimId: drones[0].id, label: label).status == 201)
            }
            // Hidden from rita under blind review: she never rates drones[1].
            #expect(try await server.client("rhea").putVerdict(claimId: drones[1].id, label: "false").status == 201)
            for reviewer in ["ravi", "rhea", "erin"] {
                #expect(try await server.client(reviewer).putVerdict(claimId: fares.id, label: "true").status == 201)
            }
            #expect(
                try await erin.send(
                    "POST", "/v1/publications", json: PublicationInput(claimId: fares.id, summary: "Set.")
                )
                .status == 201)

            let editor = try ClientWorkspace(user: "erin")
            try await editor.login(server)
            try await editor.ok(["pull"])
            // A prefix, another case, no accent: all match; the article by its title and text.
            let words = try await editor.json(Found.self, ["search", "FARE", "zurich", "--json"])
            #expect(words.claims.isEmpty, "the title word is not in a quote: \(words.claims)")
            #expect(words.articles.map(\.articleId) == [ferry.id], "\(words.articles)")
            let prefix = try await editor.json(Found.self, ["search", "overbook", "--json"])
            #expect(prefix.claims.map(\.claimId) == [crossings.id] && prefix.articles.map(\.articleId) == [ferry.id])
            #expect(prefix.articles.first?.snippet.contains("[overbooked]") == true, "\(prefix.articles)")
            let number = try await editor.json(Found.self, ["search", "12", "--json"])
            #expect(number.claims.map(\.claimId) == [fares.id])
            // FTS5 syntax typed by the user is just text.
            for hostile in ["\"", "NEAR(fares", "fares OR", "col:fares", "*", "fares\"*"] {
                let run = try await editor.run(["search", hostile, "--json"])
                #expect(run.status == 0 || run.stderr.contains("has none"), "\(hostile): \(run)")
            }
            #expect(try await editor.ok(["search", "nothing-like-this"]).contains("Nothing here matches"))

            // Filters, with and without words.
            let disputed = try await editor.json(Found.self, ["search", "--disputed", "--json"])
            #expect(disputed.claims.map(\.claimId) == [drones[0].id], "\(disputed.claims)")
            let published = try await editor.json(Found.self, ["search", "--published", "--json"])
            #expect(published.claims.map(\.claimId) == [fares.id] && published.claims.first?.published == "true")
            let byRavi = try await editor.json(Found.self, ["search", "--reviewer", "RAVI", "--json"])
            #expect(Set(byRavi.claims.map(\.claimId)) == [fares.id, drones[0].id])
            let mine = try await editor.json(Found.self, ["search", "--unrated", "--article", ferry.id, "--json"])
            #expect(mine.claims.map(\.claimId) == [crossings.id], "erin rated the fares claim: \(mine.claims)")
            let both = try await editor.json(Found.self, ["search", "fares", "--unrated", "--json"])
            #expect(both.claims.isEmpty && both.articles.isEmpty)
            let limited = try await editor.json(Found.self, ["search", "--unrated", "--limit", "1", "--json"])
            #expect(limited.claims.count == 1 && limited.truncated)
            let usage = try await editor.run(["search"])
            #expect(usage.status == 64, "\(usage)")

            // A correction: the old words are gone from the index, the new ones found, the orphan filtered.
            let corrected = editor.dataHome.appendingPathComponent("corrected.txt")
            try
                "The port authority said ferry tickets would cost 15% more.\n\nDockworkers said the crossings were already overbooked."
                .write(to: corrected, atomically: true, encoding: .utf8)
            try await editor.ok(["article", "correct", ferry.id, "--body-file", corrected.path])
            try await editor.ok(["sync"])
            let after = try await editor.json(Found.self, ["search", "tickets", "--json"])
            #expect(after.articles.map(\.articleId) == [ferry.id])
            // (The other article's random "Ref" id may hold a word starting 12: only the corrected one is asked about.)
            let gone = try await editor.json(Found.self, ["search", "12%", "--json"]).articles
            #expect(!gone.contains { $0.articleId == ferry.id }, "\(gone)")
            let orphans = try await editor.json(Found.self, ["search", "--orphaned", "--json"])
            #expect(orphans.claims.map(\.claimId) == [fares.id] && orphans.claims.first?.anchoring == "orphaned")

            // Under blind review a reviewer finds no one else's verdicts on claims she has not rated, unless they
            // are published: rita rated only drones[0]; the fares claim is published.
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let ritas = try await rita.json(Found.self, ["search", "--reviewer", "ravi", "--json"])
            #expect(Set(ritas.claims.map(\.claimId)) == [drones[0].id, fares.id], "\(ritas.claims)")
            let unpublished = try await rita.json(
                Found.self, ["search", "--reviewer", "rhea", "--article", drones[1].articleId, "--json"])
            #expect(unpublished.claims.map(\.claimId) == [drones[0].id])
        }
    }

    struct Suggested: Decodable {
        let start: Int
        let end: Int
        let text: String
        let score: Double
        let reasons: [String]
    }

    /// `verdict suggest`: the article's unmarked sentences, most check-worthy first, offsets into the text.
    @Test(arguments: TestBackend.allCases)
    func suggestRanksUnmarkedCheckWorthySentences(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let body = """
                Is the ferry worth it? The port authority said on Monday that fares would rise by 12% from March 1, \
                the first increase since 2019. I think the crossing is lovely. Officials counted 4,300 passengers \
                on the busiest day, more than ever before.
                """
            let article = try await server.client("erin").createArticle(Fixtures.article(title: "Ferry", body: body))
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            let ranked = try await erin.json([Suggested].self, ["suggest", article.id, "--json"])
            #expect(ranked.count >= 2, "\(ranked)")
            let top = ranked.prefix(2).map(\.text)
            #expect(top.contains { $0.contains("rise by 12%") } && top.contains { $0.contains("4,300") }, "\(ranked)")
            #expect(!ranked.prefix(2).contains { $0.text.hasSuffix("?") || $0.text.hasPrefix("I think") })
            for sentence in ranked {
                #expect(TextAnchor.slice(body, start: sentence.start, end: sentence.end) == sentence.text)
            }
            // A marked sentence is not suggested again.
            try await erin.ok(["claim", "add", article.id, "--quote", "fares would rise by 12% from March 1"])
            let after = try await erin.json([Suggested].self, ["suggest", article.id, "--json"])
            #expect(!after.contains { $0.text.contains("rise by 12%") }, "\(after)")
            #expect(try await erin.ok(["suggest", article.id]).contains("4,300"))
        }
    }
}
