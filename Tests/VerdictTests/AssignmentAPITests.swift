import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Editors assign claims or whole articles to reviewers, with a due day; coverage says per article and reviewer
/// what was assigned, rated and is overdue; assignments are synced records with tombstones like verdicts.
@Suite struct AssignmentAPITests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    @Test(arguments: TestBackend.allCases)
    func editorsAssignAndCoverageCountsAssignedRatedAndOverdue(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let first = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            let second = try await erin.createClaim(articleId: article.id, quote: "one ballistic missile")

            let refused = try await server.client("rita").send(
                "POST", "/v1/assignments", json: AssignmentInput(reviewer: "ravi", claimId: first.id))
            #expect(refused.status == 403, "reviewers do not assign: \(refused.text)")

            // Rita gets the whole article, overdue since yesterday; Ravi one claim, due in the future.
            let created = try await erin.send(
                "POST", "/v1/assignments",
                json: AssignmentInput(reviewer: "Rita", articleId: article.id, due: "2020-01-31"))
            #expect(created.status == 201 && created.header("ETag") == "\"1\"", "\(created.text)")
            let whole = try created.decode(Assignment.self)
            #expect(whole.reviewer == "rita", "stored as the user's name is spelled")
            #expect(whole.assignedBy == "erin" && whole.claimId == nil && whole.articleId == article.id)
            #expect(created.header("Location") == "/v1/assignments/\(whole.id)")
            let ravis = try await erin.send(
                "PUT", "/v1/assignments/ravi-first",
                json: AssignmentInput(reviewer: "ravi", claimId: first.id, due: "2999-12-31"))
            #expect(ravis.status == 201, "\(ravis.text)")

            // The same assignment again is answered with the live one, and writes nothing.
            let before = try await erin.allChanges().count
            let again = try await erin.send(
                "POST", "/v1/assignments", json: AssignmentInput(reviewer: "rita", articleId: article.id))
            #expect(again.status == 200, "\(again.text)")
            #expect(try again.decode(Assignment.self) == whole)
            #expect(try await erin.allChanges().count == before)

            #expect(try await server.client("rita").putVerdict(claimId: first.id, label: "false").status == 201)
            #expect(try await server.client("rhea").putVerdict(claimId: first.id, label: "false").status == 201)

            let coverage = try await erin.get("/v1/coverage").decode(Coverage.self)
            #expect(coverage.targetVerdicts == 3)
            #expect(
                coverage.articles == [
                    Coverage.ArticleRow(
                        article: article.id, title: article.title, claims: 2, covered: 0, verdicts: 2, targetVerdicts: 3
                    )
                ])
            #expect(
                coverage.reviewers == [
                    Coverage.ReviewerRow(article: article.id, reviewer: "ravi", assigned: 1, rated: 0, overdue: 0),
                    Coverage.ReviewerRow(article: article.id, reviewer: "rita", assigned: 2, rated: 1, overdue: 1),
                ])
            #expect(coverage.next == nil)

            // A reviewer sees their own rows only.
            let ritasView = try await server.client("rita").get("/v1/coverage?article=\(article.id)")
                .decode(Coverage.self)
            #expect(ritasView.reviewers.map(\.reviewer) == ["rita"])

            // A claim marked later is covered by the article assignment.
            _ = try await erin.createClaim(articleId: article.id, quote: "30 000 households")
            let later = try await erin.get("/v1/coverage?article=\(article.id)").decode(Coverage.self)
            #expect(later.reviewers.first { $0.reviewer == "rita" }?.assigned == 3)

            // Unassigning needs If-Match, leaves a tombstone, and the coverage row goes.
            let unconditional = try await erin.send("DELETE", "/v1/assignments/ravi-first", raw: "")
            #expect(unconditional.status == 428, "\(unconditional.text)")
            let deleted = try await erin.send(
                "DELETE", "/v1/assignments/ravi-first", raw: "", headers: ["If-Match": "\"1\""])
            #expect(deleted.status == 200, "\(deleted.text)")
            let tombstone = try deleted.decode(Assignment.self)
            #expect(tombstone.deleted && tombstone.version == 2)
            #expect(try await erin.get("/v1/assignments/ravi-first").decode(Assignment.self) == tombstone)
            let after = try await erin.get("/v1/coverage").decode(Coverage.self)
            #expect(after.reviewers.map(\.reviewer) == ["rita"])

            // The feed carries them, tombstone included, to every reader.
            let feed = try await server.client("rhea").allChanges()
            let assignments = feed.compactMap { change -> Assignment? in
                if case .assignment(let assignment) = change.record { return assignment }
                return nil
            }
            #expect(assignments.map(\.id).sorted() == [whole.id, "ravi-first", "ravi-first"].sorted())
            #expect(assignments.last { $0.id == "ravi-first" }?.deleted == true)

            // Only the due day changes on an existing assignment.
            let moved = try await erin.send(
                "PUT", "/v1/assignments/\(whole.id)",
                json: AssignmentInput(reviewer: "rita", articleId: article.id, due: "2999-01-01"),
                headers: ["If-Match": "\"1\""])
            #expect(moved.status == 200, "\(moved.text)")
            #expect(try moved.decode(Assignment.self).due == "2999-01-01")
            let retargeted = try await erin.send(
                "PUT", "/v1/assignments/\(whole.id)",
                json: AssignmentInput(reviewer: "rhea", articleId: article.id), headers: ["If-Match": "\"2\""])
            #expect(retargeted.status == 400, "\(retargeted.text)")
            #expect(retargeted.error?.message.contains("only its due day can change") == true)

            // The claim's history lists its assignments, those of its article too.
            let history = try await erin.get("/v1/claims/\(first.id)/history").text
            #expect(history.contains("\"type\":\"assignment\""))
            #expect(history.contains(whole.id) && history.contains("ravi-first"))
        }
    }

    @Test(
        arguments: TestBackend.allCases,
        [
            (#"{"reviewer":"nobody","claimId":"c"}"#, 404, "there is no user 'nobody'"),
            (#"{"reviewer":"rita"}"#, 400, "exactly one of claimId and articleId"),
            (#"{"reviewer":"rita","claimId":"x","articleId":"y"}"#, 400, "exactly one of claimId and articleId"),
            (#"{"reviewer":"rita","claimId":"missing"}"#, 404, "claim missing does not exist"),
            (#"{"reviewer":"rita","articleId":"missing"}"#, 404, "article missing does not exist"),
            (#"{"reviewer":"rita","articleId":"ART","due":"2026-02-30"}"#, 400, "due must be a day as YYYY-MM-DD"),
            (#"{"reviewer":"rita","articleId":"ART","due":"tomorrow"}"#, 400, "due must be a day as YYYY-MM-DD"),
            (#"{"reviewer":"rita","articleId":"ART","due":7}"#, 400, "due"),
            (#"{"reviewer":"rita","articleId":"ART","due":"2024-02-29"}"#, 201, ""),
            (#"{"claimId":"c"}"#, 400, "reviewer"),
        ])
    func badAssignmentsAreRefusedClearly(
        backend: TestBackend, example: (body: String, status: Int, message: String)
    )
        async throws
    {
        let (body, status, message) = example
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let answer = try await erin.send(
                "POST", "/v1/assignments", raw: body.replacingOccurrences(of: "ART", with: article.id))
            #expect(answer.status == status, "\(answer.text)")
            if status >= 400 { #expect(answer.error?.message.contains(message) == true, "\(answer.text)") }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func pushedAssignmentsMergeAndAreIdempotent(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            let assign = Mutation(
                mutationId: "m1", type: .assignment, op: .put, id: "a-1", baseVersion: nil,
                record: .assignment(AssignmentInput(id: "a-1", reviewer: "rhea", claimId: claim.id, due: "2030-05-01")))
            let first = try await erin.push([assign])
            #expect(first.map(\.status) == [.applied], "\(first)")
            #expect(try await erin.push([assign]) == first, "a retry is answered from the first outcome")

            // From another device, the same assignment under another id merges into the live one.
            let twin = Mutation(
                mutationId: "m2", type: .assignment, op: .put, id: "a-2", baseVersion: nil,
                record: .assignment(AssignmentInput(id: "a-2", reviewer: "rhea", claimId: claim.id)))
            let merged = try #require(try await erin.push([twin]).first)
            #expect(
                merged.status == .merged && merged.mutationCode == .sameAssignment && merged.id == "a-1", "\(merged)")

            // Unassigned from a stale base: a conflict with the current one; from the current one: a tombstone.
            let stale = Mutation(
                mutationId: "m3", type: .assignment, op: .delete, id: "a-1", baseVersion: 7, record: nil)
            #expect(try await erin.push([stale]).first?.mutationCode == .stale)
            let unassign = Mutation(
                mutationId: "m4", type: .assignment, op: .delete, id: "a-1", baseVersion: 1, record: nil)
            let gone = try #require(try await erin.push([unassign]).first)
            #expect(gone.status == .applied && gone.version == 2, "\(gone)")

            let reviewer = Mutation(
                mutationId: "m5", type: .assignment, op: .put, id: nil, baseVersion: nil,
                record: .assignment(AssignmentInput(reviewer: "rita", claimId: claim.id)))
            #expect(try await server.client("rhea").push([reviewer]).first?.mutationCode == .forbidden)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anArticleSetsItsOwnTargetOfVerdicts(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            var input = Fixtures.article(body: Fixtures.uniqueBody())
            input.targetVerdicts = 101
            let tooMany = try await erin.send("POST", "/v1/articles", json: input)
            #expect(
                tooMany.status == 400 && tooMany.error?.message.contains("from 1 to 100") == true, "\(tooMany.text)")
            input.targetVerdicts = 2
            let article = try await erin.createArticle(input)
            #expect(article.targetVerdicts == 2)
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            for reviewer in ["rita", "ravi"] {
                #expect(try await server.client(reviewer).putVerdict(claimId: claim.id, label: "false").status == 201)
            }
            let row = try await erin.get("/v1/coverage?article=\(article.id)").decode(Coverage.self).articles.first
            #expect(row?.targetVerdicts == 2 && row?.covered == 1, "\(String(describing: row))")

            // A correction that leaves the field out keeps the target; 0 goes back to the desk's.
            var fix = input
            fix.title = "Strike pause disputed, updated"
            fix.targetVerdicts = nil
            let kept = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: fix, headers: ["If-Match": "\"1\""])
            #expect(kept.status == 200, "\(kept.text)")
            #expect(try kept.decode(Article.self).targetVerdicts == 2)
            fix.targetVerdicts = 0
            let reset = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: fix, headers: ["If-Match": "\"2\""])
            #expect(reset.status == 200, "\(reset.text)")
            #expect(try reset.decode(Article.self).targetVerdicts == nil)
            let desk = try await erin.get("/v1/coverage?article=\(article.id)").decode(Coverage.self).articles.first
            #expect(desk?.targetVerdicts == 3 && desk?.covered == 0)
        }
    }
}
