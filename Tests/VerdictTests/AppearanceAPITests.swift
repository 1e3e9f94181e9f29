import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// One claim across outlets: editors link claims as appearances of one claim; verdicts on any appearance count
/// toward its one consensus (a reviewer once, with their latest verdict), and exports and ClaimReview list every
/// appearance, the earliest published first.
@Suite struct AppearanceAPITests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    struct ExportDocument: Decodable {
        let claims: [ExportItem]
    }

    /// Three outlets with the same proposition: `a` (published 2026-01-30), `b` (2026-01-29), `c` (no date).
    static func outlets(_ server: TestServer) async throws -> (a: Claim, b: Claim, c: Claim) {
        let erin = server.client("erin")
        var claims: [Claim] = []
        for (title, published) in [("Outlet A", "2026-01-30"), ("Outlet B", "2026-01-29"), ("Outlet C", "")] {
            var input = Fixtures.article(title: title, body: Fixtures.uniqueBody())
            input.published = published.isEmpty ? nil : published
            input.source = title
            let article = try await erin.createArticle(input)
            claims.append(try await erin.createClaim(articleId: article.id, quote: "111 drones"))
        }
        return (claims[0], claims[1], claims[2])
    }

    static func link(
        _ client: HTTPTestClient, _ claim: Claim, to target: String, version: Int
    ) async throws -> HTTPResult {
        try await client.send(
            "PUT", "/v1/claims/\(claim.id)",
            json: ClaimInput(
                id: claim.id, articleId: claim.articleId, revision: claim.revision, quote: claim.quote,
                start: claim.start, end: claim.end, linkedTo: target),
            headers: ["If-Match": "\"\(version)\""])
    }

    @Test(arguments: TestBackend.allCases)
    func linkedAppearancesShareOneConsensusAndExportTogether(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let (a, b, c) = try await Self.outlets(server)
            let erin = server.client("erin")
            #expect(try await server.client("rita").putVerdict(claimId: a.id, label: "false").status == 201)
            #expect(try await server.client("ravi").putVerdict(claimId: b.id, label: "false").status == 201)
            #expect(try await server.client("rhea").putVerdict(claimId: b.id, label: "true").status == 201)
            // rhea's later verdict, on another appearance, is the one that counts.
            #expect(try await server.client("rhea").putVerdict(claimId: c.id, label: "false").status == 201)

            let refused = try await Self.link(server.client("rita"), b, to: a.id, version: 1)
            #expect(refused.status == 403, "\(refused.text)")
            let linked = try await Self.link(erin, b, to: a.id, version: 1)
            #expect(linked.status == 200, "\(linked.text)")
            #expect(try linked.decode(Claim.self).linkedTo == a.id)
            // Linking to an appearance links to the claim it appears as.
            let chained = try await Self.link(erin, c, to: b.id, version: 1)
            #expect(chained.status == 200, "\(chained.text)")
            #expect(try chained.decode(Claim.self).linkedTo == a.id)
            // Links stay one level deep; unknown and self links are refused.
            let other = try await erin.createClaim(articleId: a.articleId, quote: "one ballistic missile")
            let deeper = try await Self.link(erin, a, to: other.id, version: 1)
            #expect(deeper.status == 400 && deeper.error?.message.contains("2 appearances") == true, "\(deeper.text)")
            #expect(try await Self.link(erin, a, to: "missing", version: 1).status == 404)
            let bNow = try await erin.get("/v1/claims/\(b.id)").decode(Claim.self)
            let own = try await Self.link(erin, bNow, to: b.id, version: 2)
            #expect(own.status == 400 && own.error?.message.contains("itself") == true, "\(own.text)")
            // Linking it again to its primary's other appearance changes nothing.
            let same = try await Self.link(erin, bNow, to: c.id, version: 2)
            #expect(same.status == 200 && same.etagVersion == 2, "\(same.text)")

            // One export item, every appearance listed earliest first, one verdict per reviewer.
            let export = try await erin.get("/v1/export?format=json&method=majority").decode(ExportDocument.self)
            #expect(Set(export.claims.map(\.claim.id)) == [a.id, other.id], "appearances are not items of their own")
            let item = try #require(export.claims.first { $0.claim.id == a.id })
            #expect(item.appearances.map(\.claimId) == [b.id, a.id, c.id])
            #expect(item.appearances.map(\.article.title) == ["Outlet B", "Outlet A", "Outlet C"])
            #expect(
                item.verdicts.map(\.reviewer) == ["ravi", "rhea", "rita"]
                    && item.verdicts.allSatisfy { $0.label == "false" })
            #expect(item.consensus.label == "false" && item.consensus.probability == 1 && item.status == .settled)
            let fitted = try await erin.get("/v1/export?format=json&method=dawid-skene").decode(ExportDocument.self)
            #expect(fitted.claims.first { $0.claim.id == a.id }?.verdicts.count == 3 && fitted.claims.count == 2)
            let csv = try await erin.get("/v1/export?format=csv").text
            #expect(csv.split(separator: "\r\n").first?.hasSuffix("appearances,first_appearance_url") == true)
            #expect(csv.split(separator: "\r\n").contains { $0.hasPrefix(a.id) && $0.contains(",3,") }, "\(csv)")
            #expect(try await erin.get("/v1/agreement").status == 200)

            // Publishing: the appearance is refused, the claim counts its appearances' verdicts.
            let appearance = try await erin.send(
                "POST", "/v1/publications", json: PublicationInput(claimId: b.id, summary: "No."))
            #expect(appearance.status == 400 && appearance.error?.message.contains("an appearance of") == true)
            let published = try await erin.send(
                "POST", "/v1/publications", json: PublicationInput(claimId: a.id, summary: "Far fewer drones."))
            #expect(published.status == 201, "\(published.text)")
            #expect(try published.decode(Publication.self).consensus.verdicts == 3)

            // The claim cannot be withdrawn while appearances hang on it; unlinking one makes it a claim of its own.
            let current = try await erin.get("/v1/claims/\(a.id)").decode(Claim.self)
            let withdraw = try await erin.send(
                "DELETE", "/v1/claims/\(a.id)", raw: "", headers: ["If-Match": "\"\(current.version)\""])
            #expect(
                withdraw.status == 400 && withdraw.error?.message.contains("appearances") == true, "\(withdraw.text)")
            let cNow = try await erin.get("/v1/claims/\(c.id)").decode(Claim.self)
            let unlinked = try await Self.link(erin, cNow, to: "", version: cNow.version)
            #expect(unlinked.status == 200, "\(unlinked.text)")
            #expect(try unlinked.decode(Claim.self).linkedTo == nil)
            let after = try await erin.get("/v1/export?format=json&method=majority").decode(ExportDocument.self)
            #expect(Set(after.claims.map(\.claim.id)) == [a.id, c.id, other.id])
            #expect(after.claims.first { $0.claim.id == a.id }?.verdicts.map(\.label) == ["false", "true", "false"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func claimReviewListsEveryAppearanceAndTheFirst(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        try await withServer(config: config, users: Self.users, backend: backend) { server in
            let (a, b, _) = try await Self.outlets(server)
            let erin = server.client("erin")
            #expect(try await Self.link(erin, b, to: a.id, version: 1).status == 200)
            #expect(
                try await erin.send(
                    "POST", "/v1/publications",
                    json: PublicationInput(claimId: a.id, label: "false", summary: "Logs show 31.", reason: "Editor.")
                )
                .status == 201)
            let reviews = try await erin.get("/v1/export?format=claimreview").decode([ExportEncoder.ClaimReview].self)
            let review = try #require(reviews.first)
            #expect(reviews.count == 1)
            #expect(review.itemReviewed.appearance.map(\.headline) == ["Outlet B", "Outlet A"])
            #expect(review.itemReviewed.firstAppearance?.headline == "Outlet B")
            #expect(review.itemReviewed.firstAppearance?.datePublished == "2026-01-29")
            #expect(review.itemReviewed.datePublished == "2026-01-29")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func similarClaimsAreSuggestedNeverLinked(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let (a, b, c) = try await Self.outlets(server)
            let rita = server.client("rita")
            let found = try await rita.get("/v1/claims/\(a.id)/similar").decode(SimilarClaims.self)
            #expect(Set(found.suggestions.map(\.claimId)) == [b.id, c.id], "\(found)")
            #expect(found.suggestions.allSatisfy { $0.score > 0.9 && $0.articleTitle.hasPrefix("Outlet") })
            // A claim on another matter is not suggested; the claim's own appearances are left out.
            let other = try await server.client("erin").createClaim(articleId: a.articleId, quote: "−24 °C")
            #expect(try await rita.get("/v1/claims/\(other.id)/similar").decode(SimilarClaims.self).suggestions.isEmpty)
            #expect(try await Self.link(server.client("erin"), b, to: a.id, version: 1).status == 200)
            let after = try await rita.get("/v1/claims/\(a.id)/similar?limit=1").decode(SimilarClaims.self)
            #expect(after.suggestions.map(\.claimId) == [c.id], "\(after)")
            #expect(try await rita.get("/v1/claims/\(a.id)/similar?limit=0").status == 400)
            #expect(try await rita.get("/v1/claims/nope/similar").status == 404)
            // Nothing was linked by asking.
            #expect(try await rita.get("/v1/claims/\(c.id)").decode(Claim.self).linkedTo == nil)
        }
    }
}
