import Foundation
import VerdictShared
import VerdictTestSupport

/// The cost of suggestions at desk sizes (`--suggestions`): building a ``ClaimSimilarity/Index`` over N claims,
/// a query against it, and ranking an article's sentences by check-worthiness. The quality figures (precision,
/// recall, P@5) come from the labeled sets in Samples/suggestions, printed by `swift test --filter
/// SuggestionTests`.
struct SuggestionBench {
    let options: Options

    /// Sentence shapes of news claims with slots for numbers, places and outlets, so that N claims differ.
    static let shapes = [
        "Russia launched # drones and # missiles at PLACE overnight, the air force said",
        "about # households in PLACE were left without heating after the strikes",
        "the pause on strikes against PLACE would end on February #, officials said",
        "temperatures fell to minus # degrees in PLACE overnight",
        "the EU has pledged # million euros for generators in PLACE",
        "# of the # power plants in PLACE were running at reduced output",
        "talks in PLACE were pushed back by # days, diplomats said",
        "the mayor of PLACE said # schools would stay closed until Monday",
    ]
    static let places = ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipro", "Zaporizhzhia", "Sumy", "Poltava"]

    static func claims(_ count: Int, seed: UInt64) -> [(id: String, text: String)] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { index in
            var text = shapes[Int.random(in: 0..<shapes.count, using: &rng)]
            text = text.replacingOccurrences(of: "PLACE", with: places.randomElement(using: &rng)!)
            while let slot = text.range(of: "#") {
                text.replaceSubrange(slot, with: String(Int.random(in: 1...999, using: &rng)))
            }
            return (id: String(format: "c%07d", index), text: text)
        }
    }

    func run() throws {
        let report = BenchReport()
        print("Suggestions: similarity index and check-worthiness (release, one process)")
        for size in [1_000, 10_000, 100_000] {
            let claims = Self.claims(size, seed: 7)
            var start = Date()
            let index = ClaimSimilarity.Index(claims)
            let build = Date().timeIntervalSince(start)
            let queries = claims.prefix(50).map(\.text)
            start = Date()
            var found = 0
            for query in queries { found += index.suggestions(for: query, limit: 5).count }
            let query = Date().timeIntervalSince(start) / Double(queries.count)
            report.record("index of \(size) claims: build", String(format: "%.3f s", build))
            report.record(
                "index of \(size) claims: one query (top 5)",
                String(format: "%.1f ms (%.2f suggestions on average)", query * 1000, Double(found) / 50))
            // What the server's /similar and the client's `similar` do per request: prefilter, index, rank.
            let candidates = claims.map {
                SimilarClaims.Candidate(
                    claimId: $0.id, quote: $0.text, articleId: "a", articleTitle: "", articleSource: "",
                    published: nil, linkedTo: nil)
            }
            start = Date()
            for claim in claims.prefix(10) {
                _ = SimilarClaims.rank(claimId: claim.id, quote: claim.text, linkedTo: nil, among: candidates, limit: 5)
            }
            report.record(
                "similar claims among \(size) (prefilter + index + rank)",
                String(format: "%.0f ms per request", Date().timeIntervalSince(start) / 10 * 1000))
        }
        var article = ""
        for claim in Self.claims(300, seed: 11) {
            article += claim.text.prefix(1).uppercased() + claim.text.dropFirst() + ". "
        }
        let start = Date()
        let rounds = 20
        for _ in 0..<rounds { _ = CheckWorthiness.rank(article, limit: 5) }
        let words = article.split(separator: " ").count
        report.record(
            "check-worthiness: rank an article of \(words) words",
            String(
                format: "%.1f ms", Date().timeIntervalSince(start) / Double(rounds) * 1000))
        report.printTable()
    }
}
