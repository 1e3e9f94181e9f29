import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

@Suite struct VerdictsAPITests {
    @Test(arguments: TestBackend.allCases)
    func createReadUpdateDelete(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let rita = server.client("rita")
            let id = RecordID.make()
            let input = VerdictInput(
                claimId: claim.id, label: "mostly-true", confidence: 0.7, rationale: "Matches the air force count.",
                evidence: [Evidence(url: "https://example.org/airforce", note: "daily report")])
            let created = try await rita.send("PUT", "/v1/verdicts/\(id)", json: input)
            #expect(created.status == 201)
            let verdict = try created.decode(Verdict.self)
            #expect(verdict.reviewer == "rita" && verdict.version == 1 && verdict.confidence == 0.7)
            #expect(verdict.evidence == input.evidence)
            #expect(try await rita.get("/v1/verdicts/\(id)").decode(Verdict.self) == verdict)

            var update = input
            update.label = "true"
            let noIfMatch = try await rita.send("PUT", "/v1/verdicts/\(id)", json: update)
            #expect(noIfMatch.status == 428)
            let updated = try await rita.send("PUT", "/v1/verdicts/\(id)", json: update, headers: ["If-Match": "\"1\""])
            #expect(updated.status == 200 && updated.etagVersion == 2)
            let stale = try await rita.send("PUT", "/v1/verdicts/\(id)", json: input, headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412)
            #expect(stale.error?.code == "stale")
            guard case .verdict(let current) = stale.error?.current else {
                Issue.record("no current record in \(stale.text)")
                return
            }
            #expect(current.label == "true" && current.version == 2)

            let deleted = try await rita.request("DELETE", "/v1/verdicts/\(id)", headers: ["If-Match": "\"2\""])
            #expect(deleted.status == 200)
            #expect(try deleted.decode(Verdict.self).deleted)
            let again = try await rita.request("DELETE", "/v1/verdicts/\(id)", headers: ["If-Match": "\"3\""])
            #expect(again.status == 409)
            // After a delete the reviewer may rate the claim again, with a new verdict.
            #expect(try await rita.putVerdict(claimId: claim.id, label: "false").status == 201)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func oneLiveVerdictPerReviewerAndClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let first = try await server.client("rita").putVerdict(claimId: claim.id, label: "true")
            #expect(first.status == 201)
            let second = try await server.client("rita").putVerdict(claimId: claim.id, label: "false")
            #expect(second.status == 409)
            #expect(second.error?.code == "live-verdict-exists")
            let firstID = try first.decode(Verdict.self).id
            #expect(second.error?.current?.id == firstID)
            #expect(try await server.client("ravi").putVerdict(claimId: claim.id, label: "false").status == 201)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func nobodyWritesAnotherReviewersVerdict(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let id = RecordID.make()
            #expect(try await server.client("rita").putVerdict(id: id, claimId: claim.id, label: "true").status == 201)
            for user in ["ravi", "erin", "ada"] {
                let put = try await server.client(user).putVerdict(
                    id: id, claimId: claim.id, label: "false", version: 1)
                #expect(put.status == 403, "\(user)")
                let delete = try await server.client(user).request(
                    "DELETE", "/v1/verdicts/\(id)", headers: ["If-Match": "\"1\""])
                #expect(delete.status == 403, "\(user)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func fieldsAreValidated(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let rita = server.client("rita")
            let cases: [(VerdictInput, Int, String)] = [
                (VerdictInput(claimId: claim.id, label: "pants-on-fire"), 400, "not on the verdict scale"),
                (VerdictInput(claimId: claim.id, label: "true", confidence: 1.5), 400, "between 0 and 1"),
                (VerdictInput(claimId: claim.id, label: "true", confidence: -0.1), 400, "between 0 and 1"),
                (
                    VerdictInput(claimId: claim.id, label: "true", evidence: [Evidence(url: "ftp://x")]), 400,
                    "evidence[0].url"
                ),
                (VerdictInput(claimId: claim.id, label: "true", evidence: [Evidence(url: "not a url")]), 400, "http"),
                (VerdictInput(claimId: "no-such-claim", label: "true"), 404, "does not exist"),
                (VerdictInput(claimId: "", label: "true"), 400, "claimId must not be empty"),
                (
                    VerdictInput(claimId: claim.id, label: "true", rationale: String(repeating: "x", count: 20_001)),
                    400, "limit"
                ),
            ]
            for (input, status, message) in cases {
                let result = try await rita.send("PUT", "/v1/verdicts/\(RecordID.make())", json: input)
                #expect(result.status == status, "\(result.text)")
                #expect(result.error?.message.contains(message) == true, "\(result.text)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aDeskScaleFromConfig(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.scale = VerdictScale(labels: [
            ScaleLabel(id: "accurate", name: "Accurate", ordinal: true),
            ScaleLabel(id: "pants-on-fire", name: "Pants on fire", ordinal: true),
            ScaleLabel(id: "not-applicable", name: "Not applicable", ordinal: false),
        ])
        try await withServer(config: config, backend: backend) { server in
            let scale = try await server.client("rita").get("/v1/scale").decode(VerdictScale.self)
            #expect(scale == config.scale)
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            #expect(try await server.client("rita").putVerdict(claimId: claim.id, label: "pants-on-fire").status == 201)
            #expect(try await server.client("ravi").putVerdict(claimId: claim.id, label: "true").status == 400)
        }
    }
}
