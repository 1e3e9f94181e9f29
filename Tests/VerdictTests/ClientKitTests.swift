import Foundation
import Testing
import VerdictClientKit
import VerdictShared

/// The client library in process: the workspace's edit rules, without starting the binary.
@Suite struct ClientKitTests {
    @Test(arguments: TestBackend.allCases)
    func reRatingAnUnsentVerdictRewritesItsOneEdit(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("erin").createClaim(articleId: article.id, quote: "111 drones")
            let rita = try ClientDevice(server, user: "rita")
            try await rita.pull()
            let workspace = rita.workspace
            try workspace.rate(claim: String(claim.id.prefix(10)), VerdictInput(claimId: "", label: "false"))
            try workspace.rate(claim: claim.id, VerdictInput(claimId: "", label: "mostly-false", confidence: 0.6))
            #expect(try workspace.status().pending == 1, "one edit, rewritten in place")
            #expect(try workspace.currentVerdict(claimId: claim.id)?.label == "mostly-false")
            #expect(try workspace.currentVerdict(claimId: claim.id)?.claimId == claim.id, "the full id is stored")

            #expect(try workspace.unrate(claim: claim.id).withdrawn)
            #expect(try workspace.status().pending == 0, "a verdict never sent is forgotten, not sent as a delete")
            #expect(try workspace.unrate(claim: claim.id).withdrawn == false)

            try workspace.rate(claim: claim.id, VerdictInput(claimId: "", label: "true"))
            let pushed = try await rita.push()
            #expect(pushed.applied == 1 && pushed.sent == 1)
            #expect(try workspace.pulledVerdicts().values.map(\.label) == ["true"], "the answer is stored at once")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aLabelOffTheScaleOrAnUnknownClaimIsRefused(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            let rita = try ClientDevice(server, user: "rita")
            try await rita.pull()
            let error = #expect(throws: ClientError.self) {
                try rita.workspace.rate(claim: claim.id, VerdictInput(claimId: "", label: "pants-on-fire"))
            }
            #expect(
                error?.description.contains("use one of: true, mostly-true") == true, "\(String(describing: error))")
            #expect(throws: ClientError.self) {
                try rita.workspace.rate(claim: "zzzz", VerdictInput(claimId: "", label: "true"))
            }
            #expect(try rita.workspace.status().pending == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func markingTheSameSpanTwiceGivesOneClaimAndCountsTheOccurrences(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let rita = try ClientDevice(server, user: "rita")
            try await rita.pull()
            let workspace = rita.workspace
            let first = try workspace.markClaim(
                article: String(article.id.prefix(8)), quote: "111 drones", occurrence: nil)
            #expect(!first.alreadyMarked && first.claim.pending && first.occurrences == 1)
            let again = try workspace.markClaim(article: article.id, quote: "111 drones", occurrence: 1)
            #expect(again.alreadyMarked && again.claim.id == first.claim.id)
            #expect(try workspace.status().pending == 1)
            #expect(throws: ClientError.self) {
                try workspace.markClaim(article: article.id, quote: "111 drones", occurrence: 2)
            }
            let pushed = try await rita.push()
            #expect(pushed.applied == 1)
            #expect(try workspace.articleView(article.id).claims.map(\.claim.id) == [first.claim.id])
        }
    }
}
