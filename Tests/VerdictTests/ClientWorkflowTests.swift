import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The desk's process through the built `verdict` binary against a live server: a reviewer's workspace never
/// holds what blind review hides, one sync after rating brings it; an editor lists what is ready, publishes,
/// corrects, and the claim's log tells the whole story.
@Suite struct ClientWorkflowTests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    /// Every byte of the workspace's database files, as text: what a reviewer could dig out of their copy.
    static func workspaceBytes(_ client: ClientWorkspace) throws -> String {
        let folder = try client.directory
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.contains("sqlite") {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                text += String(decoding: data, as: UTF8.self)
            }
        }
        return text
    }

    @Test(arguments: TestBackend.allCases)
    func aReviewersWorkspaceNeverHoldsHiddenVerdictsAndOneSyncAfterRatingBringsThem(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let (_, claims) = try await ClientTests.seed(server)
            let secret = "Ravi's sealed rationale 7f3a"
            let put = try await server.client("ravi").send(
                "PUT", "/v1/verdicts/ravi-1",
                json: VerdictInput(claimId: claims[0].id, label: "mostly-false", rationale: secret))
            #expect(put.status == 201)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            #expect(try rita.serverVerdicts().isEmpty)
            #expect(!(try Self.workspaceBytes(rita)).contains(secret), "the label never reached the workspace")
            let log = try await rita.ok(["log", claims[0].id])
            #expect(log.contains("stay hidden until you rate it"), "\(log)")
            let agreement = try await rita.ok(["agreement"])
            #expect(agreement.contains("0 claims") || agreement.contains("No verdicts"), "\(agreement)")

            try await rita.ok(["rate", claims[0].id, "false"])
            #expect(try await rita.ok(["log", claims[0].id]).contains("come with your next sync"))
            try await rita.ok(["sync"])
            let held = try rita.serverVerdicts()
            #expect(held["ravi-1"]?.label == "mostly-false" && held["ravi-1"]?.rationale == secret, "\(held)")
            let after = try await rita.ok(["log", claims[0].id])
            #expect(after.contains("ravi") && after.contains("mostly-false") && !after.contains("hidden"), "\(after)")
            #expect(!(try rita.serverVerdicts()).values.contains { $0.claimId == claims[1].id })
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anEditorListsPublishesAndCorrectsFromTheTerminal(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        try await withServer(config: config, users: Self.users, backend: backend) { server in
            let (_, claims) = try await ClientTests.seed(server)
            for (reviewer, first, second) in [
                ("rita", "false", "true"), ("ravi", "false", "mixed"), ("rhea", "false", "mostly-true"),
            ] {
                #expect(try await server.client(reviewer).putVerdict(claimId: claims[0].id, label: first).status == 201)
                #expect(
                    try await server.client(reviewer).putVerdict(claimId: claims[1].id, label: second).status == 201)
            }
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            let ready = try await erin.ok(["ready"])
            #expect(
                ready.contains("Ready to publish (1)") && ready.contains("Disputed, an editor decides (1)"), "\(ready)")
            #expect(ready.contains("the verdicts tie"), "\(ready)")

            // Without a summary, or against the consensus without a reason: refused here, nothing queued.
            let bare = try await erin.run(["publish", String(claims[0].id.prefix(8))])
            #expect(bare.status == 1 && bare.stderr.contains("needs a short public summary"), "\(bare)")
            let against = try await erin.run(["publish", claims[0].id, "--label", "true", "--summary", "No."])
            #expect(against.status == 1 && against.stderr.contains("the consensus is false (100%"), "\(against)")
            #expect(try await erin.json(ClientStatus.self, ["status"]).pending == 0)

            let queued = try await erin.ok([
                "publish", claims[0].id, "--summary", "Logs show 31 drones.", "--claim-author", "A regional governor",
                "--evidence", "https://monitor.example.net/logs/0130",
            ])
            #expect(queued.contains("as false") && queued.contains("verdict push"), "\(queued)")
            let tie = try await erin.run(["publish", claims[1].id, "--summary", "Unclear."])
            #expect(tie.status == 1 && tie.stderr.contains("tie"), "\(tie)")
            try await erin.ok([
                "publish", claims[1].id, "--label", "unverifiable", "--summary", "No source settles it.", "--reason",
                "Three readings, no record.",
            ])
            #expect(try await erin.ok(["push"]).contains("2 applied"))
            let listed = try await erin.ok(["publications"])
            #expect(listed.contains("false v1") && listed.contains("unverifiable v1"), "\(listed)")
            #expect(try await erin.ok(["ready"]).contains("No claim is ready"))

            // A correction needs its note; then it is version 2 (what it does not name is kept: the claim's
            // author) and both versions are in the history.
            let noNote = try await erin.run(["publish", claims[0].id, "--summary", "Logs show 33 drones."])
            #expect(noNote.status == 1 && noNote.stderr.contains("--correction"), "\(noNote)")
            try await erin.ok([
                "publish", claims[0].id, "--summary", "Logs show 33 drones.", "--correction",
                "The count was 33, not 31.",
            ])
            try await erin.ok(["sync"])
            let history = try await erin.ok(["publications", claims[0].id])
            #expect(history.contains("version 1") && history.contains("version 2"), "\(history)")
            #expect(history.contains("correction: The count was 33, not 31."), "\(history)")
            let log = try await erin.ok(["log", claims[0].id])
            #expect(log.contains("marked the claim") && log.contains("published false") && log.contains("corrected"))
            #expect(log.contains("rita") && log.contains("ravi") && log.contains("rhea"), "\(log)")

            // ClaimReview: the published verdicts, the same online and offline.
            let online = try await erin.ok(["export", "--format", "claimreview"])
            let offline = try await erin.ok(["export", "--format", "claimreview", "--offline"])
            #expect(online == offline, "\(online)\n\(offline)")
            let reviews = try JSONDecoder().decode([ExportEncoder.ClaimReview].self, from: Data(online.utf8))
            #expect(reviews.count == 2)
            #expect(reviews.first { $0.claimReviewed == claims[0].quote }?.reviewBody == "Logs show 33 drones.")
            #expect(
                reviews.first { $0.claimReviewed == claims[0].quote }?.itemReviewed.author.name == "A regional governor"
            )

            // Reviewers do not publish.
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let refused = try await rita.run(["publish", claims[0].id, "--summary", "Mine."])
            #expect(refused.status == 5 && refused.stderr.contains("only editors"), "\(refused)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReviewerWhoBecomesAnEditorPullsEverythingAgain(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let (_, claims) = try await ClientTests.seed(server)
            #expect(
                try await server.client("ravi").putVerdict(id: "ravi-1", claimId: claims[0].id, label: "true").status
                    == 201)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            #expect(try rita.serverVerdicts().isEmpty)
            try await server.execute(sql: "UPDATE users SET role = 'editor' WHERE name = 'rita'")
            let pulled = try await rita.run(["pull"])
            #expect(pulled.status == 0 && pulled.stderr.contains("pulling everything again"), "\(pulled)")
            #expect(try rita.serverVerdicts()["ravi-1"]?.label == "true")
        }
    }
}
