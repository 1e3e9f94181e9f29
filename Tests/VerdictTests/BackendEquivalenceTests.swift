import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The same desk written to both backends, mutation for mutation and with the same ids: every export format and
/// method, the agreement report, coverage and the change feed must come out the same bytes from SQLite and from
/// PostgreSQL, but for the moments the writes were made (each backend stamps its own).
@Suite struct BackendEquivalenceTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let seed: UInt64
        let reviewers: Int
        let articles: Int
        let claimsPerArticle: Int
        var testDescription: String { name }
    }

    static let shapes = [
        Shape(name: "three reviewers, a few claims", seed: 3, reviewers: 3, articles: 2, claimsPerArticle: 3),
        Shape(name: "eight reviewers, forty claims", seed: 8, reviewers: 8, articles: 5, claimsPerArticle: 8),
        Shape(name: "thirty reviewers, 120 claims", seed: 30, reviewers: 30, articles: 8, claimsPerArticle: 15),
    ]

    /// The desk as mutations with fixed ids: articles, claims, verdicts (some changed, some withdrawn), a few
    /// appearances linked across articles and a few publications.
    static func desk(_ shape: Shape) -> (users: [(String, Role)], batches: [(Identity, [Mutation])]) {
        var random = SplitMix64(state: shape.seed)
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let reviewers = (1...shape.reviewers).map { "r\($0)" }
        let editor = Identity(name: "erin", role: .editor)
        var batches: [(Identity, [Mutation])] = []
        var claims: [String] = []
        var mutation = 0
        func id() -> String {
            mutation += 1
            return "m\(shape.seed)-\(mutation)"
        }
        for article in 0..<shape.articles {
            let sentences = (0..<shape.claimsPerArticle).map {
                "In article \(article) the \($0)th figure was \(($0 + 3) * (article + 7)) thousand."
            }
            let articleId = "a\(article)"
            var writes = [
                Mutation(
                    mutationId: id(), type: .article, op: .put, id: articleId, baseVersion: nil,
                    record: .article(
                        ArticleInput(
                            title: "Figures \(article)", source: "Ledger \(article % 3)",
                            url: "https://example.org/\(article)", published: "2026-11-\(10 + article % 18)",
                            body: sentences.joined(separator: " "))))
            ]
            for (index, sentence) in sentences.enumerated() {
                let claimId = "c\(article)-\(index)"
                claims.append(claimId)
                writes.append(
                    Mutation(
                        mutationId: id(), type: .claim, op: .put, id: claimId, baseVersion: nil,
                        record: .claim(ClaimInput(articleId: articleId, quote: sentence))))
            }
            batches.append((editor, writes))
        }
        // Appearances: a claim of a later article linked to one of the first article's.
        if shape.articles > 1 {
            var links: [Mutation] = []
            for index in 0..<min(3, shape.claimsPerArticle) {
                links.append(
                    Mutation(
                        mutationId: id(), type: .claim, op: .put, id: "c1-\(index)", baseVersion: 1,
                        record: .claim(
                            ClaimInput(
                                articleId: "a1",
                                quote: "In article 1 the \(index)th figure was \((index + 3) * 8) thousand.",
                                linkedTo: "c0-\(index)"))))
            }
            batches.append((editor, links))
        }
        let labels = VerdictScale.standard.labels.map(\.id)
        for reviewer in reviewers {
            var writes: [Mutation] = []
            for claim in claims where pick(3) != 0 {
                let verdictId = "v-\(reviewer)-\(claim)"
                writes.append(
                    Mutation(
                        mutationId: id(), type: .verdict, op: .put, id: verdictId, baseVersion: nil,
                        record: .verdict(
                            VerdictInput(
                                claimId: claim, label: labels[pick(labels.count)],
                                confidence: Double(pick(11)) / 10, rationale: pick(4) == 0 ? "Checked \(claim)." : nil
                            ))))
                if pick(8) == 0 {
                    writes.append(
                        Mutation(
                            mutationId: id(), type: .verdict, op: .put, id: verdictId, baseVersion: 1,
                            record: .verdict(VerdictInput(claimId: claim, label: labels[pick(labels.count)]))))
                } else if pick(12) == 0 {
                    writes.append(
                        Mutation(
                            mutationId: id(), type: .verdict, op: .delete, id: verdictId, baseVersion: 1, record: nil))
                }
            }
            batches.append((Identity(name: reviewer, role: .reviewer), writes))
        }
        var publications: [Mutation] = []
        for (index, claim) in claims.enumerated() where index % 5 == 0 && !claim.hasPrefix("c1-") {
            publications.append(
                Mutation(
                    mutationId: id(), type: .publication, op: .put, id: "p-\(claim)", baseVersion: nil,
                    record: .publication(
                        PublicationInput(
                            claimId: claim, label: labels[index % labels.count], summary: "Our finding on \(claim).",
                            reason: "The desk's call."))))
        }
        batches.append((editor, publications))
        return ([("ada", .admin), ("erin", .editor)] + reviewers.map { ($0, .reviewer) }, batches)
    }

    /// Every moment a backend stamped, replaced: the only bytes that may differ. A body that is one JSON value
    /// written by JSONEncoder (whose key order changes from run to run) is compared with its keys sorted; exports
    /// and the feed are written by hand, and compared as they are.
    static func comparable(_ text: String, path: String) -> String {
        var text = text.replacingOccurrences(
            of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#, with: "<time>", options: .regularExpression)
        // The feed names each backend's own change log id.
        text = text.replacingOccurrences(of: #""feed":"[0-9a-f]{32}""#, with: "<feed>", options: .regularExpression)
        guard !path.contains("export"), !path.contains("changes"),
            let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let sorted = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return text }
        return String(decoding: sorted, as: UTF8.self)
    }

    @Test(arguments: shapes) func everyReadIsTheSameOnBothBackends(shape: Shape) async throws {
        let (users, batches) = Self.desk(shape)
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        var answers: [TestBackend: [String: String]] = [:]
        for backend in TestBackend.allCases {
            try await withServer(config: config, users: users, backend: backend) { server in
                for (identity, mutations) in batches {
                    let outcomes = try await server.store.apply(mutations, by: identity, remember: true)
                    let refused = outcomes.filter { $0.result.status != .applied }
                    #expect(refused.isEmpty, "\(backend): \(refused.map { $0.result.reason ?? "" }.prefix(3))")
                }
                let editor = server.client("erin")
                var read: [String: String] = [:]
                for format in ExportFormat.allCases {
                    for method in ConsensusMethod.allCases {
                        let path = "/v1/export?format=\(format.rawValue)&method=\(method.rawValue)"
                        let result = try await editor.get(path)
                        #expect(result.status == 200, "\(backend) \(path): \(result.text.prefix(300))")
                        read[path] = result.text
                    }
                }
                for path in [
                    "/v1/agreement", "/v1/agreement?method=majority", "/v1/coverage?limit=5",
                    "/v1/changes?since=0&limit=5000", "/v1/articles?limit=100", "/v1/claims/c0-0/history",
                ] {
                    let result = try await editor.get(path)
                    #expect(result.status == 200, "\(backend) \(path): \(result.text.prefix(300))")
                    read[path] = result.text
                }
                // A reviewer under blind review sees the same feed on both.
                let blind = try await server.client("r1").get("/v1/changes?since=0&limit=5000")
                read["blind feed"] = blind.text
                answers[backend] = read
            }
        }
        let sqlite = try #require(answers[.sqlite])
        let postgres = try #require(answers[.postgres])
        #expect(sqlite.keys.sorted() == postgres.keys.sorted())
        for (path, text) in sqlite.sorted(by: { $0.key < $1.key }) {
            let other = postgres[path] ?? ""
            let mine = Self.comparable(text, path: path)
            let theirs = Self.comparable(other, path: path)
            let firstDifference = zip(mine, theirs).prefix { $0 == $1 }.count
            #expect(
                mine == theirs,
                "\(path) differs at byte \(firstDifference): sqlite …\(mine.dropFirst(max(0, firstDifference - 60)).prefix(160))… postgres …\(theirs.dropFirst(max(0, firstDifference - 60)).prefix(160))…"
            )
        }
    }
}
