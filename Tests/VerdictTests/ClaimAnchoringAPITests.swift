import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// Claims survive corrections of their article: re-anchored in the correction's transaction, over a live server.
@Suite struct ClaimAnchoringAPITests {
    static let body = """
        The council met on Monday. Fares rose by 5% in March, the mayor said. Trains ran late all week. \
        Yes, she said. Yes, he said. The depot closes in May.
        """
    static let corrected = """
        The council met on Monday. Trains ran late all week, and 🚆 crews were short. Fares rose by 5% in \
        March, the mayor said. Yes, he said. The depot closes in June.
        """

    /// Corrects an article's text through `PUT /v1/articles/{id}`, as an editor does.
    static func correct(_ article: Article, to body: String, _ server: TestServer) async throws -> Article {
        var input = Fixtures.article(body: body)
        input.title = article.title
        let response = try await server.client("erin").send(
            "PUT", "/v1/articles/\(article.id)", json: input, headers: ["If-Match": "\"\(article.version)\""])
        guard response.status == 200 else { throw TestFailure("correction: \(response.status) \(response.text)") }
        return try response.decode(Article.self)
    }

    static func claim(_ id: String, _ server: TestServer) async throws -> Claim {
        try await server.client("rita").get("/v1/claims/\(id)").decode(Claim.self)
    }

    @Test(arguments: TestBackend.allCases)
    func aCorrectionReanchorsEveryActiveClaimAndKeepsTheirVerdicts(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle(Fixtures.article(body: Self.body))
            let quotes = [
                "The council met on Monday.", "Fares rose by 5% in March", "Trains ran late all week",
                "The depot closes in May.", "Yes, she said.", "Yes,",
            ]
            var claims: [Claim] = []
            for quote in quotes { claims.append(try await erin.createClaim(articleId: article.id, quote: quote)) }
            // A second "Yes," (the one before "he said"): after the correction only that one is left, and it goes
            // to the claim whose context matches it, not to the first in text order.
            claims.append(try await erin.createClaim(articleId: article.id, quote: "Yes,", occurrence: 2))
            var verdicts: [String: String] = [:]
            for claim in claims {
                let id = RecordID.make()
                #expect(
                    try await server.client("rita").putVerdict(id: id, claimId: claim.id, label: "true").status == 201)
                verdicts[claim.id] = id
            }
            let before = try await server.client("ada").allChanges().last?.seq ?? 0

            let revised = try await Self.correct(article, to: Self.corrected, server)
            #expect(revised.revision == 2)
            let text = Array(revised.body.unicodeScalars)
            func expect(_ index: Int, _ anchoring: ClaimAnchoring, revision: Int = 2) async throws {
                let claim = try await Self.claim(claims[index].id, server)
                #expect(
                    claim.anchoring == anchoring && claim.revision == revision, "\(quotes[safe: index] ?? "Yes, 2")")
                #expect(claim.quote == claims[index].quote, "the quote never changes")
                if anchoring != .orphaned {
                    #expect(TextAnchor.string(text[claim.start..<claim.end]) == claim.quote)
                    #expect(claim.prefix == TextAnchor.context(of: text, start: claim.start, end: claim.end).prefix)
                } else {
                    #expect(claim.start == claims[index].start && claim.end == claims[index].end)
                }
            }
            try await expect(0, .exact)
            try await expect(1, .moved)
            try await expect(2, .moved)
            try await expect(3, .orphaned, revision: 1)
            try await expect(4, .orphaned, revision: 1)
            try await expect(5, .orphaned, revision: 1)
            try await expect(6, .moved)
            for claim in claims {
                let verdict = try await server.client("rita").get("/v1/verdicts/\(verdicts[claim.id]!)")
                let label = try verdict.decode(Verdict.self).label
                #expect(verdict.status == 200 && label == "true", "verdicts stay")
            }
            // Every claim that changed is a change of its own, after the article's.
            let changes = try await server.client("ada").allChanges(since: before)
            #expect(changes.first?.type == .article)
            #expect(Set(changes.dropFirst().map(\.id)) == Set(claims.map(\.id)), "\(changes.map(\.type))")

            // The same span marked again, on the new revision or on the old one, is the same claim.
            let again = try await erin.createClaim(articleId: article.id, quote: "Fares rose by 5% in March")
            #expect(again.id == claims[1].id)
            let old = try await erin.send(
                "POST", "/v1/claims",
                json: ClaimInput(
                    articleId: article.id, revision: 1, quote: "Trains ran late all week", start: claims[2].start,
                    end: claims[2].end))
            let oldID = try old.decode(Claim.self).id
            #expect(old.status == 200 && oldID == claims[2].id, "\(old.text)")
            let orphanSpan = try await erin.send(
                "POST", "/v1/claims",
                json: ClaimInput(
                    articleId: article.id, revision: 1, quote: "The depot closes in May.", start: claims[3].start,
                    end: claims[3].end))
            let orphanID = try orphanSpan.decode(Claim.self).id
            #expect(orphanSpan.status == 200 && orphanID == claims[3].id)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anEditorReattachesOrWithdrawsAnOrphanedClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle(Fixtures.article(body: Self.body))
            let orphan = try await erin.createClaim(articleId: article.id, quote: "The depot closes in May.")
            let other = try await erin.createClaim(articleId: article.id, quote: "Yes, she said.")
            let verdict = RecordID.make()
            #expect(
                try await server.client("rita").putVerdict(id: verdict, claimId: orphan.id, label: "false").status
                    == 201)
            _ = try await Self.correct(article, to: Self.corrected, server)
            let orphaned = try await Self.claim(orphan.id, server)
            #expect(orphaned.anchoring == .orphaned)

            let reattach = ClaimInput(articleId: article.id, quote: "The depot closes in June.")
            let refused = try await server.client("rita").send(
                "PUT", "/v1/claims/\(orphan.id)", json: reattach, headers: ["If-Match": "\"\(orphaned.version)\""])
            #expect(refused.status == 403, "\(refused.text)")
            let stale = try await erin.send(
                "PUT", "/v1/claims/\(orphan.id)", json: reattach, headers: ["If-Match": "\"\(orphan.version)\""])
            #expect(stale.status == 412 || stale.status == 409, "an old version is a conflict: \(stale.text)")
            let done = try await erin.send(
                "PUT", "/v1/claims/\(orphan.id)", json: reattach, headers: ["If-Match": "\"\(orphaned.version)\""])
            #expect(done.status == 200, "\(done.text)")
            let attached = try done.decode(Claim.self)
            #expect(attached.id == orphan.id && attached.anchoring == .moved && attached.revision == 2)
            #expect(attached.quote == "The depot closes in June.")
            let kept = try await server.client("rita").get("/v1/verdicts/\(verdict)").decode(Verdict.self)
            #expect(kept.claimId == orphan.id && kept.label == "false")
            // A span another claim holds is refused, with that claim named.
            let second = try await erin.createClaim(articleId: article.id, quote: "The council met on Monday.")
            _ = try await Self.correct(
                try await erin.get("/v1/articles/\(article.id)").decode(Article.self),
                to: Self.corrected.replacingOccurrences(of: "The depot closes in June.", with: "The depot moved."),
                server)
            let orphanedAgain = try await Self.claim(orphan.id, server)
            #expect(orphanedAgain.anchoring == .orphaned, "its new quote is gone too")
            let taken = try await erin.send(
                "PUT", "/v1/claims/\(orphan.id)",
                json: ClaimInput(articleId: article.id, quote: "The council met on Monday."),
                headers: ["If-Match": "\"\(orphanedAgain.version)\""])
            #expect(taken.status == 400 && taken.text.contains(second.id), "\(taken.text)")
            let attachedNow = try await Self.claim(orphan.id, server)
            #expect(attachedNow.version == orphanedAgain.version, "nothing changed")
            // An anchored claim's span still cannot change.
            let anchored = try await Self.claim(second.id, server)
            let moved = try await erin.send(
                "PUT", "/v1/claims/\(second.id)", json: ClaimInput(articleId: article.id, quote: "Yes, he said."),
                headers: ["If-Match": "\"\(anchored.version)\""])
            #expect(moved.status == 422 || moved.status == 400, "\(moved.text)")

            let gone = try await Self.claim(other.id, server)
            #expect(gone.anchoring == .orphaned)
            let withdrawn = try await erin.request(
                "DELETE", "/v1/claims/\(other.id)", headers: ["If-Match": "\"\(gone.version)\""])
            #expect(withdrawn.status == 200, "\(withdrawn.text)")
            #expect(try await Self.claim(other.id, server).status == .withdrawn)
        }
    }

    /// A claim a correction moved is exact again when the next correction leaves it where it is; the client's
    /// offline export follows re-anchored claims in reading order, as the server's does; an orphaned claim is
    /// not published.
    @Test(arguments: TestBackend.allCases)
    func laterCorrectionsExportsAndClaimReviewFollowTheAnchors(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        config.desk.consensus = Consensus.Policy(minimumVerdicts: 1, threshold: 0.5)
        try await withServer(config: config, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle(Fixtures.article(body: Self.body))
            let first = try await erin.createClaim(articleId: article.id, quote: "The council met on Monday.")
            let last = try await erin.createClaim(articleId: article.id, quote: "The depot closes in May.")
            for claim in [first, last] {
                #expect(try await server.client("rita").putVerdict(claimId: claim.id, label: "true").status == 201)
                let published = try await erin.send(
                    "POST", "/v1/publications",
                    json: PublicationInput(
                        claimId: claim.id, summary: "Checked against the minutes.",
                        reason: "A desk of one reviewer, for this test."))
                #expect(published.status == 201, "\(published.text)")
            }
            let client = try ClientWorkspace(user: "erin")
            try await client.login(server)
            try await client.ok(["pull"])
            // The first sentence moves to the end (so the reading order changes); the last one's quote changes:
            // orphaned.
            let moved =
                "Update. "
                + Self.body.replacingOccurrences(of: "The council met on Monday. ", with: "")
                .replacingOccurrences(of: "closes in May", with: "closes in June") + " The council met on Monday."
            let revised = try await Self.correct(article, to: moved, server)
            #expect(try await Self.claim(first.id, server).anchoring == .moved)
            #expect(try await Self.claim(last.id, server).anchoring == .orphaned)
            // A correction after the claim: it stays, and is exact again.
            _ = try await Self.correct(revised, to: revised.body + " More.", server)
            let again = try await Self.claim(first.id, server)
            #expect(again.anchoring == .exact && again.revision == 3, "\(again)")

            try await client.ok(["pull"])
            // Counted as each claim ends up: the first is back where it was, the last orphaned.
            #expect(try await client.ok(["status"]).contains("0 claims moved, 1 orphaned"))
            let folder = try makeTemporaryDirectory()
            for format in ["ndjson", "csv", "claimreview"] {  // json carries the time it was made
                let online = folder.appendingPathComponent("\(format)-online").path
                let offline = folder.appendingPathComponent("\(format)-offline").path
                try await client.ok(["export", "--format", format, "--out", online])
                try await client.ok(["export", "--format", format, "--out", offline, "--offline"])
                let a = try String(contentsOfFile: online, encoding: .utf8)
                let b = try String(contentsOfFile: offline, encoding: .utf8)
                #expect(a == b, "\(format) online = offline:\n\(a)\n\(b)")
                if format == "claimreview" {
                    #expect(a.contains(first.quote) && !a.contains(last.quote), "the orphan is not published: \(a)")
                }
            }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
