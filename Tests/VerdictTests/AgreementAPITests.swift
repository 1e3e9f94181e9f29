import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// `GET /v1/agreement` over a live server.
@Suite struct AgreementAPITests {
    @Test(arguments: TestBackend.allCases)
    func theDeskReportOverLiveVerdicts(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var claims: [Claim] = []
            for quote in ["111 drones", "one ballistic missile", "30 000 households lost heating", "−24 °C"] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote))
            }
            // rita and ravi agree on three claims and differ on one; ada rates two; one verdict is deleted.
            let labels: [(String, [String])] = [
                ("rita", ["true", "false", "mixed", "true"]),
                ("ravi", ["true", "false", "mixed", "false"]),
                ("ada", ["true", "unverifiable"]),
            ]
            for (user, chosen) in labels {
                for (claim, label) in zip(claims, chosen) {
                    #expect(try await server.client(user).putVerdict(claimId: claim.id, label: label).status == 201)
                }
            }
            let extra = try await server.client("erin").putVerdict(claimId: claims[3].id, label: "mixed")
            #expect(extra.status == 201)
            let removed = try await server.client("erin").request(
                "DELETE", "/v1/verdicts/\(try extra.decode(Verdict.self).id)", headers: ["If-Match": "\"1\""])
            #expect(removed.status == 200)

            let response = try await server.client("rita").request("GET", "/v1/agreement?method=majority&minShared=2")
            #expect(response.status == 200, "\(response.text)")
            let report = try response.decode(AgreementReport.self)
            #expect(
                report.claims == 4 && report.verdicts == 10 && report.reviewerCount == 3, "the tombstone is left out")
            #expect(report.method == "majority")
            #expect(report.fleiss.kappa == nil && report.fleiss.note?.contains("between 2 and 3") == true)
            #expect(report.articles.count == 1 && report.articles[0].verdicts == 10)
            // The same numbers as the math computed directly: the spool in the server's order (claims by start
            // offset, reviewers by name) ...
            let spool = try VoteSpool(scale: .standard)
            var ratings: [Agreement.Rating] = []
            let standard = VerdictScale.standard.labels.map(\.id)
            for (index, claim) in claims.enumerated().sorted(by: { ($0.1.start, $0.1.id) < ($1.1.start, $1.1.id) }) {
                for (rater, (user, chosen)) in labels.enumerated().sorted(by: { $0.1.0 < $1.1.0 })
                where index < chosen.count {
                    try spool.add(claim: claim.id, article: article.id, reviewer: user, label: chosen[index])
                    ratings.append(.init(unit: index, rater: rater, value: standard.firstIndex(of: chosen[index])!))
                }
            }
            #expect(report == (try AgreementReport.make(spool, method: .majority, minimumShared: 2)))
            // ... and alpha from the ratings as an array, through the other code path.
            #expect(report.alpha.nominal == Agreement.krippendorffAlpha(ratings, metric: .nominal))
            let pair = try #require(report.pairs.first { $0.first == "ravi" && $0.second == "rita" })
            #expect(pair.shared == 4)
            let rita = try #require(report.reviewers.first { $0.name == "rita" })
            #expect(rita.verdicts == 4 && rita.agreementWithConsensus == 1, "claim 4 ties, so it is not compared")

            // The client computes the same report offline from its pulled copy.
            let client = try ClientWorkspace(user: "ravi")
            try await client.login(server)
            try await client.ok(["pull"])
            let offline = try await client.json(
                AgreementReport.self, ["agreement", "--method", "majority", "--min-shared", "2"])
            #expect(offline == report)
            let text = try await client.ok(["agreement"])
            #expect(text.contains("Krippendorff's alpha") && text.contains("rita"), "\(text)")
            #expect(try await client.run(["agreement", "--method", "vote"]).status != 0)

            let bad = try await server.client("rita").request("GET", "/v1/agreement?method=vote")
            #expect(bad.status == 400 && bad.text.contains("majority, dawid-skene"))
            #expect(try await server.client(nil).request("GET", "/v1/agreement").status == 401)
            let defaulted = try await server.client("rita").request("GET", "/v1/agreement")
            #expect(try defaulted.decode(AgreementReport.self).method == "dawid-skene")
        }
    }
    /// Krippendorff's own example (2011: 4 observers, 12 units, values 1 to 5 with gaps) entered as verdicts
    /// through the API, values 1-5 as the five ordinal labels in order: the server's report and the
    /// client's offline one give the published 0.743 / 0.815 / 0.849.
    @Test(arguments: TestBackend.allCases)
    func krippendorffsExampleThroughTheAPI(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let body = (1...12).map { "Unit \($0) of the reliability example says something." }.joined(separator: " ")
            let article = try await server.client("erin").createArticle(Fixtures.article(body: body))
            var claims: [Claim] = []
            for unit in 1...12 {
                claims.append(
                    try await server.client("erin").createClaim(articleId: article.id, quote: "Unit \(unit) of"))
            }
            let observers = ["ada", "erin", "ravi", "rita"]
            let ordinal = VerdictScale.standard.ordinalLabels.map(\.id)
            for (observer, row) in zip(observers, AgreementTests.krippendorffExample) {
                for (unit, value) in row.enumerated() {
                    guard let value else { continue }
                    let put = try await server.client(observer).putVerdict(
                        claimId: claims[unit].id, label: ordinal[value - 1])
                    #expect(put.status == 201)
                }
            }
            let report = try await server.client("rita").request("GET", "/v1/agreement").decode(AgreementReport.self)
            func rounded(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
            #expect(rounded(report.alpha.nominal) == 0.743)
            #expect(rounded(report.alpha.ordinal) == 0.815)
            #expect(rounded(report.alpha.interval) == 0.849)
            #expect(report.articles.count == 1 && report.articles[0].alpha == report.alpha)

            let client = try ClientWorkspace(user: "rita")
            try await client.login(server)
            try await client.ok(["pull"])
            let offline = try await client.json(AgreementReport.self, ["agreement"])
            #expect(offline.alpha == report.alpha)
            // No usable temporary folder for the verdict spool: a clear error, not a crash.
            for command in [["agreement"], ["export", "--offline", "--method", "dawid-skene"]] {
                let failed = try await client.run(command, environment: ["TMPDIR": "/nonexistent-verdict-tmp"])
                #expect(failed.status == 1, "\(command): \(failed)")
                #expect(failed.stderr.contains("cannot create a temporary file in /nonexistent-verdict-tmp"))
            }
        }
    }
}
