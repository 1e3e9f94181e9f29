import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Assignments through the built `verdict` binary: an editor assigns offline and pushes; the reviewer's queue
/// puts assigned claims first by due day, then the claims still short of verdicts; coverage counts assigned,
/// rated and overdue, a reviewer seeing only their own rows; unassigning and the claim's log.
@Suite struct ClientAssignmentTests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    struct QueueEntry: Decodable {
        let claimId: String
        let assigned: Bool
        let due: String?
        let overdue: Bool
        let verdicts: Int?
    }

    struct Listed: Decodable {
        let claimId: String?
        let due: String?
    }

    @Test(arguments: TestBackend.allCases)
    func anEditorAssignsAndTheReviewersQueueAndCoverageFollow(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.workflow.blindReview = false
        config.desk.workflow.targetVerdicts = 2
        try await withServer(config: config, users: Self.users, backend: backend) { server in
            // Two articles of four claims each: a = claims[0..<4], b = claims[4..<8].
            let claims = try await ClientTests.claims(server, articles: 2)
            // claims[7] already has the desk's two verdicts: it is not in anyone's unassigned queue.
            for reviewer in ["ravi", "rhea"] {
                #expect(try await server.client(reviewer).putVerdict(claimId: claims[7], label: "false").status == 201)
            }
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            let first = try await server.client("erin").get("/v1/claims/\(claims[0])").decode(Claim.self).articleId
            let second = try await server.client("erin").get("/v1/claims/\(claims[4])").decode(Claim.self).articleId

            // Reviewers cannot assign; bad days are usage errors; unknown ids are clear.
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let refused = try await rita.run(["assign", claims[0], "--to", "ravi"])
            #expect(refused.status == 5 && refused.stderr.contains("only editors and admins"), "\(refused)")
            let badDay = try await erin.run(["assign", claims[0], "--to", "rita", "--due", "2026-02-30"])
            #expect(badDay.status != 0 && badDay.stderr.contains("due"), "\(badDay)")
            let unknown = try await erin.run(["assign", "zzzz", "--to", "rita"])
            #expect(unknown.status == 1 && unknown.stderr.contains("no claim or article 'zzzz'"), "\(unknown)")

            // Offline: a claim due in the past, the whole second article due later, then pushed.
            try await erin.ok(["assign", claims[2], "--to", "rita", "--due", "2020-03-01"])
            try await erin.ok(["assign", second, "--to", "rita", "--due", "2999-01-01"])
            try await erin.ok(["assign", claims[1], "--to", "ravi"])
            let again = try await erin.ok(["assign", claims[2], "--to", "rita"])
            #expect(again.contains("already has"), "\(again)")
            #expect(try await erin.ok(["push"]).contains("3 applied"))

            try await rita.ok(["pull"])
            let queue = try await rita.json([QueueEntry].self, ["queue", "--json"])
            // Assigned first: the overdue claim, then the second article in reading order (claims[7] too: it is
            // assigned, whatever its count); then the first article's other unrated claims short of verdicts.
            #expect(
                queue.map(\.claimId) == [claims[2]] + claims[4..<8] + [claims[0], claims[1], claims[3]], "\(queue)")
            #expect(
                queue[0].overdue && queue[0].due == "2020-03-01" && queue[1].due == "2999-01-01" && !queue[1].overdue)
            #expect(queue.prefix(5).allSatisfy(\.assigned) && !queue.suffix(3).contains { $0.assigned })
            #expect(queue.last?.verdicts == 0)
            let text = try await rita.ok(["queue"])
            #expect(text.contains("Assigned to you (5, 1 overdue)") && text.contains("overdue 2020-03-01"), "\(text)")
            #expect(text.contains("Still short of the desk's 2 verdicts (3)"), "\(text)")

            try await rita.ok(["rate", claims[2], "false"])
            try await rita.ok(["rate", claims[4], "true"])
            try await rita.ok(["push"])
            let after = try await rita.json([QueueEntry].self, ["queue", "--json"])
            #expect(after.first?.claimId == claims[5], "\(after)")

            // Coverage: the editor sees every reviewer, a reviewer their own rows; online and offline agree.
            try await erin.ok(["pull"])
            let coverage = try await erin.json(Coverage.self, ["coverage", "--json"])
            let rows = coverage.reviewers.map {
                "\($0.article == first ? "a" : "b") \($0.reviewer) \($0.assigned) \($0.rated) \($0.overdue)"
            }
            #expect(rows.sorted() == ["a ravi 1 0 0", "a rita 1 1 0", "b rita 4 1 0"], "\(rows)")
            let serverSide = try await server.client("erin").get("/v1/coverage").decode(Coverage.self)
            #expect(
                serverSide.reviewers.sorted { ($0.article, $0.reviewer) < ($1.article, $1.reviewer) }
                    == coverage.reviewers.sorted { ($0.article, $0.reviewer) < ($1.article, $1.reviewer) })
            #expect(
                serverSide.articles.sorted { $0.article < $1.article }
                    == coverage.articles.sorted { $0.article < $1.article })
            let ritas = try await rita.json(Coverage.self, ["coverage", "--json"])
            #expect(Set(ritas.reviewers.map(\.reviewer)) == ["rita"])
            let printed = try await erin.ok(["coverage", String(second.prefix(8))])
            #expect(printed.contains("1 of 4 claims covered") && printed.contains("1 of 4 rated"), "\(printed)")

            // The claim's log shows its article's assignment; unassigning leaves it in the log as withdrawn.
            #expect(try await rita.ok(["log", claims[5]]).contains("assigned rita (with its article), due 2999-01-01"))
            try await erin.ok(["unassign", second, "--from", "rita"])
            #expect(try await erin.ok(["assignments", "--reviewer", "rita"]).contains("2020-03-01"))
            #expect(!(try await erin.ok(["assignments", "--reviewer", "rita"])).contains("2999-01-01"))
            try await erin.ok(["push"])
            try await rita.ok(["pull"])
            #expect(!(try await rita.json([QueueEntry].self, ["queue", "--json"])).contains { $0.assigned })
            #expect(try await rita.ok(["log", claims[5]]).contains("unassigned rita"))

            // Due days as people type them: today, +N days (UTC).
            try await erin.ok(["assign", claims[3], "--to", "ravi", "--due", "today"])
            try await erin.ok(["assign", claims[5], "--to", "ravi", "--due", "+2"])
            let typed = try await erin.json([Listed].self, ["assignments", "--reviewer", "ravi", "--json"])
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let inTwo = Timestamp.format(calendar.date(byAdding: .day, value: 2, to: Date())!).prefix(10)
            #expect(typed.first { $0.claimId == claims[3] }?.due == Timestamp.today(), "\(typed)")
            #expect(typed.first { $0.claimId == claims[5] }?.due == String(inTwo), "\(typed)")
            let nonsense = try await erin.run(["assign", claims[3], "--to", "ravi", "--due", "+x"])
            #expect(nonsense.status == 64 || nonsense.stderr.contains("due"), "\(nonsense)")
            try await erin.ok(["push"])

            // Assigning someone who does not exist is refused by the server, shown, and can be taken back.
            try await erin.ok(["assign", claims[0], "--to", "nobody"])
            let pushed = try await erin.run(["push"])
            #expect(pushed.status == 2, "\(pushed)")
            #expect(try await erin.ok(["assignments"]).contains("there is no user 'nobody'"))
            try await erin.ok(["unassign", claims[0], "--from", "nobody"])
            #expect(!(try await erin.ok(["assignments"])).contains("nobody"))
            #expect(try await erin.json(ClientStatus.self, ["status"]).rejected == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func underBlindReviewTheQueueListsEveryUnratedClaimAndCoverageOnlyMine(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let claims = try await ClientTests.claims(server, articles: 1)
            for reviewer in ["ravi", "rhea", "erin"] {
                #expect(try await server.client(reviewer).putVerdict(claimId: claims[0], label: "false").status == 201)
            }
            let erin = server.client("erin")
            #expect(
                try await erin.send(
                    "POST", "/v1/assignments", json: AssignmentInput(reviewer: "ravi", claimId: claims[1])
                )
                .status == 201)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let queue = try await rita.json([QueueEntry].self, ["queue", "--json"])
            // claims[0] has three verdicts, but rita cannot know: it stays in her queue, counts unknown.
            #expect(queue.map(\.claimId) == claims, "\(queue)")
            #expect(queue.allSatisfy { $0.verdicts == nil && !$0.assigned })
            #expect(try await rita.ok(["queue"]).contains("stays hidden until you do"))
            let coverage = try await rita.json(Coverage.self, ["coverage", "--json"])
            #expect(coverage.reviewers.isEmpty, "ravi's assignment is not rita's row: \(coverage.reviewers)")
        }
    }
}
