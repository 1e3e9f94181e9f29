import Foundation
import Testing
import VerdictShared

/// The hand-written JSON of the hot paths must decode to exactly the records it was written from.
@Suite struct JSONWriterTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\r", "\u{0}\u{1}\u{1F}",
        "emoji 🥶 and −24 °C", "Café\u{301}", "Зеленський", "\u{2028}\u{2029}", String(repeating: "x", count: 3000),
    ]

    @Test(arguments: awkward)
    func recordsRoundTrip(_ text: String) throws {
        let verdict = Verdict(
            id: "v-1", version: 3, claimId: "c-1", reviewer: "rita", label: "mostly-false", confidence: 0.1 + 0.2,
            rationale: text,
            evidence: [
                Evidence(url: "https://example.org/\(text.prefix(5))", note: text), Evidence(url: "https://x.org"),
            ],
            deleted: true, createdAt: "2026-01-30T00:00:00.000Z", updatedAt: text)
        #expect(try decode(Verdict.self, verdict.jsonText) == verdict)
        let claim = Claim(
            id: "c-1", version: 1, articleId: "a", revision: 2, quote: text, prefix: text, suffix: "", start: 0,
            end: 9, status: .withdrawn, createdBy: "ravi", createdAt: "t", updatedAt: "u")
        #expect(try decode(Claim.self, claim.jsonText) == claim)
        let article = Article(
            id: "a", version: 2, revision: 2, title: text, source: "S", url: nil, published: "2026-01-30",
            body: text, contentHash: "h", createdBy: "erin", updatedBy: "ada", createdAt: "t", updatedAt: "u")
        #expect(try decode(Article.self, article.jsonText) == article)
        let result = MutationResult(
            mutationId: text, status: .conflict, type: .verdict, id: "v-1", version: 3, seq: 9_000_000_000,
            code: "stale", reason: text, record: .verdict(verdict))
        #expect(try decode(MutationResult.self, result.jsonText()) == result)
    }

    @Test func doublesKeepTheirValue() throws {
        for value in [0.0, 1.0, 0.75, 1.0 / 3.0, .leastNonzeroMagnitude, 0.1 + 0.2] {
            var writer = JSONObjectWriter()
            writer.double("x", value)
            struct X: Decodable { let x: Double }
            #expect(try decode(X.self, writer.finish()).x == value)
        }
    }

    @Test func canonicalTextTellsMutationsApart() throws {
        let base = Mutation(
            mutationId: "m", type: .verdict, op: .put, id: "v", baseVersion: 1,
            record: .verdict(VerdictInput(claimId: "c", label: "true", confidence: 0.5)))
        // A true retry: the same mutation built again, and read back from JSON laid out another way (keys
        // sorted, pretty-printed), must give the same text, or the server refuses it as a reused id.
        let rebuilt = Mutation(
            mutationId: "m", type: .verdict, op: .put, id: "v", baseVersion: 1,
            record: .verdict(VerdictInput(claimId: "c", label: "true", confidence: 0.5)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let resent = try JSONDecoder().decode(Mutation.self, from: encoder.encode(base))
        var other = base
        other.record = .verdict(VerdictInput(claimId: "c", label: "true", confidence: 0.6))
        var noConfidence = base
        noConfidence.record = .verdict(VerdictInput(claimId: "c", label: "true"))
        var otherBase = base
        otherBase.baseVersion = 2
        #expect(rebuilt.canonicalText == base.canonicalText)
        #expect(resent.canonicalText == base.canonicalText)
        #expect(Set([base, other, noConfidence, otherBase].map(\.canonicalText)).count == 4)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
    @Test func nestedObjectsAndArraysAreWrittenInPlace() {
        var writer = JSONObjectWriter()
        writer.object("empty") { _ in }
        writer.object("one") { $0.int("n", 1) }
        writer.objects("none", [Int]()) { _, _ in }
        writer.objects("list", [1, 2]) { fields, value in
            fields.int("n", value)
            fields.objects("inner", [value]) { $0.string("s", "\($1)\"") }
        }
        writer.string("after", "x")
        #expect(
            writer.finish()
                == #"{"empty":{},"one":{"n":1},"none":[],"list":[{"n":1,"inner":[{"s":"1\""}]},"#
                + #"{"n":2,"inner":[{"s":"2\""}]}],"after":"x"}"#)
    }
}
