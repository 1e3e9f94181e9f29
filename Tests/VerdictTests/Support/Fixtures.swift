import Foundation
import VerdictShared

/// Sample text written for the tests (not taken from any real article).
enum Fixtures {
    static let body = """
        Officials in Kyiv said the pause on strikes against the capital would end on February 1, while a \
        Kremlin aide said only that Moscow “took note” of the request.

        Overnight, air defence units reported 111 drones and one ballistic missile. In Kharkiv, 30 000 \
        households lost heating as the temperature fell to −24 °C. “We are freezing 🥶,” one resident wrote.

        The pause would end on February 1, the officials repeated.
        """

    static func article(title: String = "Strike pause disputed", body: String = Fixtures.body) -> ArticleInput {
        ArticleInput(
            title: title, source: "Test Ledger", url: "https://example.org/test/\(UUID().uuidString.prefix(8))",
            published: "2026-01-30", body: body)
    }

    /// A body that is unique per call, so that articles never collide on content hash.
    static func uniqueBody() -> String { body + "\n\nRef \(UUID().uuidString)." }
}

extension HTTPTestClient {
    /// Creates an article (the client must be an editor or admin) and returns it.
    func createArticle(_ input: ArticleInput = Fixtures.article(body: Fixtures.uniqueBody())) async throws -> Article {
        let result = try await send("POST", "/v1/articles", json: input)
        guard result.status == 201 else { throw TestFailure("create article: \(result.status) \(result.text)") }
        return try result.decode(Article.self)
    }

    /// Marks a claim on the article by quote and returns it.
    func createClaim(articleId: String, quote: String, occurrence: Int? = nil) async throws -> Claim {
        let result = try await send(
            "POST", "/v1/claims", json: ClaimInput(articleId: articleId, quote: quote, occurrence: occurrence))
        guard result.status == 201 || result.status == 200 else {
            throw TestFailure("create claim: \(result.status) \(result.text)")
        }
        return try result.decode(Claim.self)
    }

    func putVerdict(
        id: String = RecordID.make(), claimId: String, label: String, confidence: Double? = nil, version: Int? = nil
    ) async throws -> HTTPResult {
        var headers: [String: String] = [:]
        if let version { headers["If-Match"] = "\"\(version)\"" }
        return try await send(
            "PUT", "/v1/verdicts/\(id)", json: VerdictInput(claimId: claimId, label: label, confidence: confidence),
            headers: headers)
    }
}
