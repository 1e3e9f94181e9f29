import Foundation
import Testing
import VerdictShared

@Suite struct ArticlesAPITests {
    @Test(arguments: TestBackend.allCases)
    func createReadCorrectAndReadOldRevisions(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let input = Fixtures.article(body: Fixtures.uniqueBody())
            let created = try await erin.send("POST", "/v1/articles", json: input)
            #expect(created.status == 201)
            #expect(created.etagVersion == 1)
            let article = try created.decode(Article.self)
            #expect(created.header("Location") == "/v1/articles/\(article.id)")
            #expect(article.revision == 1 && article.createdBy == "erin")
            #expect(article.contentHash == ContentHash.sha256Hex(input.body))

            let rita = server.client("rita")
            let read = try await rita.get("/v1/articles/\(article.id)")
            #expect(read.status == 200)
            #expect(try read.decode(Article.self) == article)

            var correction = input
            correction.body = input.body + "\n\nCorrection: the pause ended on February 1."
            let noPrecondition = try await erin.send("PUT", "/v1/articles/\(article.id)", json: correction)
            #expect(noPrecondition.status == 428)
            #expect(noPrecondition.error?.message.contains("If-Match") == true)
            let stale = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: correction, headers: ["If-Match": "\"7\""])
            #expect(stale.status == 412)
            #expect(stale.error?.current?.version == 1)
            let corrected = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: correction, headers: ["If-Match": "\"1\""])
            #expect(corrected.status == 200)
            let second = try corrected.decode(Article.self)
            #expect(second.revision == 2 && second.version == 2 && second.body == correction.body)

            let old = try await rita.get("/v1/articles/\(article.id)?revision=1")
            #expect(try old.decode(Article.self).body == input.body)
            #expect(try await rita.get("/v1/articles/\(article.id)?revision=3").status == 404)
            let history = try await rita.get("/v1/articles/\(article.id)/revisions")
            struct History: Decodable { let revisions: [ArticleRevisionSummary] }
            #expect(try history.decode(History.self).revisions.map(\.revision) == [1, 2])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func putCreatesWithClientIDAndIfMatchStarUpdates(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let id = "article-\(UUID().uuidString)"
            let input = Fixtures.article(body: Fixtures.uniqueBody())
            let created = try await erin.send("PUT", "/v1/articles/\(id)", json: input, headers: ["If-None-Match": "*"])
            #expect(created.status == 201)
            let again = try await erin.send("PUT", "/v1/articles/\(id)", json: input, headers: ["If-None-Match": "*"])
            #expect(again.status == 412)
            var changed = input
            changed.title = "Retitled"
            let star = try await erin.send("PUT", "/v1/articles/\(id)", json: changed, headers: ["If-Match": "*"])
            #expect(star.status == 200)
            #expect(try star.decode(Article.self).title == "Retitled")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func duplicateTextIsRefused(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let body = Fixtures.uniqueBody()
            let first = try await erin.createArticle(Fixtures.article(title: "One", body: body))
            let second = try await erin.send("POST", "/v1/articles", json: Fixtures.article(title: "Two", body: body))
            #expect(second.status == 409)
            #expect(second.error?.code == "duplicate")
            #expect(second.error?.message.contains(first.id) == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func listPagesByID(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            var ids: [String] = []
            for _ in 0..<5 { ids.append(try await erin.createArticle().id) }
            struct Page: Decodable {
                let articles: [ArticleSummary]
                let next: String?
            }
            var seen: [String] = []
            var path = "/v1/articles?limit=2"
            while true {
                let page = try await erin.get(path).decode(Page.self)
                seen += page.articles.map(\.id)
                guard let next = page.next else { break }
                path = "/v1/articles?limit=2&after=\(next)"
            }
            #expect(seen == ids.sorted())
        }
    }

    @Test(arguments: TestBackend.allCases)
    func textIsStoredNFC(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle(
                Fixtures.article(body: "Cafe\u{301} owners in Dnipro\r\nsaid \(UUID().uuidString)"))
            #expect(article.body.hasPrefix("Caf\u{E9} owners in Dnipro\nsaid"))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func fixingOnlyMetadataKeepsTheRevisionAndClaimsStillMerge(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let before = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            var retitled = Fixtures.article(title: "A better title", body: article.body)
            retitled.url = "https://example.org/fixed"
            let fixed = try await server.client("ada").send(
                "PUT", "/v1/articles/\(article.id)", json: retitled, headers: ["If-Match": "\"1\""])
            let updated = try fixed.decode(Article.self)
            #expect(updated.updatedBy == "ada")
            #expect(try await erin.get("/v1/articles/\(article.id)").decode(Article.self) == updated)
            #expect(updated.version == 2 && updated.revision == 1 && updated.title == "A better title")
            let after = try await server.client("ravi").createClaim(articleId: article.id, quote: "111 drones")
            #expect(after.id == before.id)
            let history = try await erin.get("/v1/articles/\(article.id)/revisions")
            #expect(history.text.contains("A better title"))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aCorrectionCannotCopyAnotherArticlesText(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let first = try await erin.createArticle()
            let second = try await erin.createArticle()
            let copy = try await erin.send(
                "PUT", "/v1/articles/\(second.id)", json: Fixtures.article(body: first.body),
                headers: ["If-Match": "\"1\""])
            #expect(copy.status == 409)
            #expect(copy.error?.code == "duplicate")
        }
    }
}
