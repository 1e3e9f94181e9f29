import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// An editor's publication of a claim's desk verdict: from the consensus by default, a stated reason to go
/// against it or without the quorum, locked against later verdicts, corrected as new versions, all in the history.
@Suite struct PublicationAPITests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    /// An article with two claims: `settled` has three `false` verdicts, `split` two `true` and one `false`.
    static func desk(_ server: TestServer) async throws -> (settled: Claim, split: Claim) {
        let erin = server.client("erin")
        let article = try await erin.createArticle()
        let settled = try await erin.createClaim(articleId: article.id, quote: "111 drones")
        let split = try await erin.createClaim(articleId: article.id, quote: "one ballistic missile")
        for reviewer in ["rita", "ravi", "rhea"] {
            #expect(try await server.client(reviewer).putVerdict(claimId: settled.id, label: "false").status == 201)
            let label = reviewer == "rhea" ? "false" : "true"
            #expect(
                try await server.client(reviewer).putVerdict(id: "\(reviewer)-split", claimId: split.id, label: label)
                    .status == 201)
        }
        return (settled, split)
    }

    @Test(arguments: TestBackend.allCases)
    func anEditorPublishesTheConsensusAndItStaysLocked(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.workflow.quorumProbability = 0.75
        try await withServer(config: config, users: Self.users, backend: backend) { server in
            let (settled, split) = try await Self.desk(server)
            let erin = server.client("erin")
            let input = PublicationInput(
                claimId: settled.id, summary: "Air defence logs show far fewer drones.",
                evidence: [Evidence(url: "https://monitor.example.net/logs/0130", note: "Overnight log")])
            let refused = try await server.client("rita").send("POST", "/v1/publications", json: input)
            #expect(refused.status == 403, "reviewers do not publish")

            let created = try await erin.send("POST", "/v1/publications", json: input)
            #expect(created.status == 201 && created.header("ETag") == "\"1\"", "\(created.text)")
            let publication = try created.decode(Publication.self)
            #expect(publication.label == "false", "the consensus label by default")
            #expect(publication.consensus == PublishedConsensus(label: "false", probability: 1, verdicts: 3))
            #expect(publication.publishedBy == "erin" && publication.reason == nil && publication.correction == nil)
            #expect(created.header("Location") == "/v1/publications/\(publication.id)")

            // One publication per claim: another id is refused with the existing one.
            let again = try await erin.send(
                "PUT", "/v1/publications/second-try", json: PublicationInput(claimId: settled.id, summary: "Again."))
            #expect(again.status == 409 && again.error?.code == "already-published", "\(again.text)")

            // Locked: a reviewer changing their verdict changes nothing published.
            let rita = try await server.client("rita").get("/v1/changes?since=0&limit=1000").decode(ChangesPage.self)
            let ritas = rita.changes.compactMap { change -> Verdict? in
                if case .verdict(let verdict) = change.record, verdict.reviewer == "rita", verdict.claimId == settled.id
                {
                    return verdict
                }
                return nil
            }.last
            let mine = try #require(ritas)
            #expect(
                try await server.client("rita").putVerdict(
                    id: mine.id, claimId: settled.id, label: "true", version: mine.version
                ).status == 200)
            let read = try await erin.get("/v1/publications/\(publication.id)").decode(Publication.self)
            #expect(read == publication)

            // Against the consensus, or under the quorum, only with a reason.
            let against = try await erin.send(
                "POST", "/v1/publications", json: PublicationInput(claimId: split.id, label: "false", summary: "No."))
            #expect(against.status == 400, "\(against.text)")
            #expect(against.error?.message.contains("the consensus is true (67% of the verdicts), not false") == true)
            #expect(against.error?.message.contains("give a reason") == true)
            let underQuorum = try await erin.send(
                "POST", "/v1/publications", json: PublicationInput(claimId: split.id, summary: "Mostly."))
            #expect(underQuorum.status == 400, "\(underQuorum.text)")
            #expect(underQuorum.text.contains("only 67% of the verdicts say true, under the desk's quorum of 75%"))
            let reasoned = try await erin.send(
                "POST", "/v1/publications",
                json: PublicationInput(
                    claimId: split.id, label: "false", summary: "The launch logs settle it.",
                    reason: "The minority reviewer had the launch logs; the others did not."))
            #expect(reasoned.status == 201, "\(reasoned.text)")
            #expect(try reasoned.decode(Publication.self).reason?.hasPrefix("The minority reviewer") == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aCorrectionIsANewVersionWithANoteAndTheHistoryKeepsEveryVersion(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let (settled, _) = try await Self.desk(server)
            let erin = server.client("erin")
            let first = try await erin.send(
                "PUT", "/v1/publications/pub-1", json: PublicationInput(claimId: settled.id, summary: "False."))
            #expect(first.status == 201)
            let noMatch = try await erin.send(
                "PUT", "/v1/publications/pub-1", json: PublicationInput(claimId: settled.id, summary: "Fixed."))
            #expect(noMatch.status == 428, "a correction names the version it corrects: \(noMatch.text)")
            let noNote = try await erin.send(
                "PUT", "/v1/publications/pub-1", json: PublicationInput(claimId: settled.id, summary: "Fixed."),
                headers: ["If-Match": "\"1\""])
            #expect(noNote.status == 400 && noNote.text.contains("correction note"), "\(noNote.text)")
            let corrected = try await erin.send(
                "PUT", "/v1/publications/pub-1",
                json: PublicationInput(
                    claimId: settled.id, summary: "False: the logs show 31 drones.",
                    correction: "The first summary gave the wrong count."),
                headers: ["If-Match": "\"1\""])
            #expect(corrected.status == 200 && corrected.header("ETag") == "\"2\"", "\(corrected.text)")
            let version2 = try corrected.decode(Publication.self)
            #expect(version2.version == 2 && version2.correction == "The first summary gave the wrong count.")
            let stale = try await erin.send(
                "PUT", "/v1/publications/pub-1",
                json: PublicationInput(claimId: settled.id, summary: "x", correction: "y"),
                headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412 && stale.error?.code == "stale")

            // A publication is never deleted.
            let deleted = try await erin.push([
                Mutation(
                    mutationId: "del-pub", type: .publication, op: .delete, id: "pub-1", baseVersion: 2, record: nil)
            ])
            #expect(deleted.first?.status == .rejected && deleted.first?.reason?.contains("cannot be deleted") == true)

            struct History: Decodable {
                struct Entry: Decodable {
                    let seq: Int64
                    let type: RecordType
                    let id: String
                    let version: Int
                    let by: String
                    let at: String
                }
                let claimId: String
                let entries: [Entry]
            }
            let history = try await erin.get("/v1/claims/\(settled.id)/history").decode(History.self)
            #expect(history.entries.map(\.type) == [.claim, .verdict, .verdict, .verdict, .publication, .publication])
            #expect(history.entries.map(\.seq) == history.entries.map(\.seq).sorted())
            #expect(history.entries.last.map { ($0.id, $0.version, $0.by) } ?? ("", 0, "") == ("pub-1", 2, "erin"))
            #expect(try await erin.get("/v1/claims/nope/history").status == 404)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func publishingReleasesTheVerdictsToReviewersWhoHaveNotRated(backend: TestBackend) async throws {
        var users = Self.users
        users.append(("rob", .reviewer))
        try await withServer(users: users, backend: backend) { server in
            let (settled, split) = try await Self.desk(server)
            let rob = server.client("rob")
            let before = try await rob.changes(since: 0, limit: 1000)
            #expect(BlindReviewTests.verdicts(in: before.changes).isEmpty)
            let history = try await rob.get("/v1/claims/\(settled.id)/history").text
            #expect(!history.contains("\"verdict\""), "the history hides others' verdicts too: \(history)")
            #expect(
                try await server.client("erin").send(
                    "POST", "/v1/publications", json: PublicationInput(claimId: settled.id, summary: "False.")
                ).status == 201)
            let after = try await rob.changes(since: before.next, limit: 1000)
            #expect(after.changes.first?.type == .publication)
            let released = BlindReviewTests.verdicts(in: after.changes)
            #expect(released.count == 3 && released.allSatisfy { $0.claimId == settled.id }, "\(released)")
            #expect(Set(after.changes.map(\.seq)).count == 1, "released with the publication's seq")
            #expect(try await rob.get("/v1/claims/\(settled.id)/history").text.contains("\"verdict\""))
            #expect(try await rob.get("/v1/verdicts/rita-split").status == 403, "the other claim stays hidden")
            _ = split
        }
    }
}
