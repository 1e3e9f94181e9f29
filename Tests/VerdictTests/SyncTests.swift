import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

@Suite struct SyncTests {
    /// An article with one claim, made by the editor.
    static func setUp(_ server: TestServer) async throws -> (Article, Claim) {
        let article = try await server.client("erin").createArticle()
        let claim = try await server.client("erin").createClaim(articleId: article.id, quote: "111 drones")
        return (article, claim)
    }

    @Test(arguments: TestBackend.allCases)
    func pushOutcomesAndTheFeed(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claim) = try await Self.setUp(server)
            let rita = server.client("rita")
            let create = Mutation.verdict(claimId: claim.id, label: "true")
            let results = try await rita.push([create])
            #expect(results.count == 1)
            let applied = try #require(results.first)
            #expect(applied.status == .applied && applied.version == 1 && applied.mutationId == create.mutationId)
            let seq = try #require(applied.seq)

            let update = Mutation.verdict(id: applied.id!, claimId: claim.id, label: "mixed", baseVersion: 1)
            let stale = Mutation.verdict(id: applied.id!, claimId: claim.id, label: "false", baseVersion: 1)
            let delete = Mutation(
                mutationId: RecordID.make(), type: .verdict, op: .delete, id: applied.id, baseVersion: 2, record: nil)
            let second = try await rita.push([update, stale, delete])
            #expect(second.map(\.status) == [.applied, .conflict, .applied])
            #expect(second[1].code == "stale" && second[1].record?.version == 2)
            guard case .verdict(let tombstone) = second[2].record else { throw TestFailure("no tombstone") }
            #expect(tombstone.deleted && tombstone.version == 3)

            let feed = try await rita.allChanges(since: seq - 1)
            #expect(feed.map(\.seq) == [seq, second[0].seq!, second[2].seq!])
            #expect(feed.map(\.version) == [1, 2, 3])
            #expect(feed.last?.deleted == true)
            guard case .verdict(let first) = feed.first?.record else { throw TestFailure("not a verdict") }
            #expect(first.label == "true", "each change carries the record as that write left it")
        }
    }

    /// The store reads a batch's rows ahead; later mutations of the batch must still see the earlier ones.
    @Test(arguments: TestBackend.allCases)
    func oneBatchSeesItsOwnEarlierWrites(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claim) = try await Self.setUp(server)
            let rita = server.client("rita")
            let first = RecordID.make()
            let second = RecordID.make()
            let repeated = Mutation.verdict(id: RecordID.make(), claimId: claim.id, label: "false")
            let batch = [
                Mutation.verdict(id: first, claimId: claim.id, label: "true"),
                Mutation.verdict(id: first, claimId: claim.id, label: "mixed", baseVersion: 1),
                Mutation(
                    mutationId: RecordID.make(), type: .verdict, op: .delete, id: first, baseVersion: 2, record: nil),
                // The first is a tombstone now, so a new verdict on the claim is allowed...
                Mutation.verdict(id: second, claimId: claim.id, label: "false"),
                // ...and then the claim has a live verdict again.
                repeated,
                Mutation.verdict(id: first, claimId: claim.id, label: "true", baseVersion: 3),
                repeated, repeated,
            ]
            #expect(batch.count >= MutationBatch.readAheadThreshold, "long enough for the store to read ahead")
            let results = try await rita.push(batch)
            #expect(
                results.map(\.status) == [.applied, .applied, .applied, .applied]
                    + Array(repeating: .conflict, count: 4))
            #expect(results[4].code == "live-verdict-exists" && results[4].id == second)
            #expect(results[5].code == "live-verdict-exists" && results[5].id == second)
            #expect(
                results[6] == results[4] && results[7] == results[4], "a repeated mutation id gets its first answer")

            // An editor withdraws the claim; a verdict on it later in the same batch is refused.
            let erin = server.client("erin")
            let withdraw = Mutation(
                mutationId: RecordID.make(), type: .claim, op: .delete, id: claim.id, baseVersion: claim.version,
                record: nil)
            let late = try await erin.push(
                [withdraw] + (0..<8).map { _ in Mutation.verdict(claimId: claim.id, label: "true") })
            #expect(late.map(\.status) == [.applied] + Array(repeating: .rejected, count: 8))
            #expect(late.dropFirst().allSatisfy { $0.reason?.contains("withdrawn") == true })
        }
    }

    @Test(arguments: TestBackend.allCases)
    func retriesApplyNothingTwice(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claim) = try await Self.setUp(server)
            let rita = server.client("rita")
            let batch = [
                Mutation.verdict(claimId: claim.id, label: "true"),
                Mutation.verdict(claimId: "missing", label: "true"),
            ]
            let first = try await rita.push(batch)
            let before = try await rita.allChanges()
            let retry = try await rita.push(batch)
            #expect(retry == first)
            #expect(try await rita.allChanges() == before)

            // Same id, different content: refused, nothing written.
            var reused = batch[0]
            reused.record = .verdict(VerdictInput(claimId: claim.id, label: "false"))
            let refused = try await rita.push([reused])
            #expect(refused.first?.status == .rejected && refused.first?.code == "mutation-id-reused")
            // Mutation ids are per user: ravi may use the same id for his own edit.
            var ravis = batch[0]
            ravis.id = RecordID.make()
            #expect(try await server.client("ravi").push([ravis]).first?.status == .applied)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func twoReviewersMarkingTheSameSpanEndWithOneClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let quote = "30 000 households lost heating"
            let start = try #require(TextAnchor.occurrences(of: quote, in: article.body).first)
            func mark(_ id: String) -> Mutation {
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: id, baseVersion: nil,
                    record: .claim(
                        ClaimInput(
                            articleId: article.id, revision: 1, quote: quote, start: start,
                            end: start + quote.unicodeScalars.count)))
            }
            let ritaClaim = RecordID.make()
            let raviClaim = RecordID.make()
            let ritas = try await server.client("rita").push([mark(ritaClaim)])
            let ravis = try await server.client("ravi").push([
                mark(raviClaim), Mutation.verdict(claimId: raviClaim, label: "mostly-false"),
            ])
            #expect(ritas.first?.status == .applied)
            #expect(ravis[0].status == .merged && ravis[0].id == ritaClaim && ravis[0].code == "same-span")
            #expect(ravis[1].status == .rejected && ravis[1].code == "not-found")
            // The client moves its pending verdict onto the existing claim.
            let moved = try await server.client("ravi").push([
                Mutation.verdict(claimId: ritaClaim, label: "mostly-false")
            ])
            #expect(moved.first?.status == .applied)
            let claims = try await server.client("ravi").allChanges().filter { $0.type == .claim }
            #expect(claims.map(\.id) == [ritaClaim])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func onlyTheBrokenMutationIsRejected(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claim) = try await Self.setUp(server)
            let good = String(
                decoding: try JSONEncoder().encode(Mutation.verdict(claimId: claim.id, label: "true")), as: UTF8.self)
            let body = """
                {"mutations": [\(good),
                  {"mutationId": "m-bad", "type": "verdict", "op": "put", "record": {"claimId": 7, "label": "true"}},
                  {"mutationId": "m-bad-type", "type": "opinion", "op": "put"},
                  {"mutationId": "", "type": "verdict", "op": "delete", "id": "x", "baseVersion": 1}]}
                """
            let result = try await server.client("rita").send("POST", "/v1/push", raw: body)
            #expect(result.status == 200, "\(result.text)")
            let results = try result.decode(PushResponse.self).results
            #expect(results.map(\.status) == [.applied, .rejected, .rejected, .rejected])
            #expect(results[1].reason?.contains("claimId") == true)
            #expect(results[2].reason?.contains("type") == true)
            #expect(results[3].reason?.contains("mutationId") == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func batchLimit(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.maxPushBatch = 3
        try await withServer(config: config, backend: backend) { server in
            let mutations = (0..<4).map { _ in Mutation.verdict(claimId: "c", label: "true") }
            let result = try await server.client("rita").send(
                "POST", "/v1/push", json: PushRequest(mutations: mutations))
            #expect(result.status == 400)
            #expect(result.error?.message.contains("at most 3") == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func feedPagingAndCursor(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claim) = try await Self.setUp(server)
            let rita = server.client("rita")
            var mutations: [Mutation] = []
            for _ in 0..<7 {
                let article = try await server.client("erin").createArticle()
                mutations.append(
                    Mutation(
                        mutationId: RecordID.make(), type: .claim, op: .put, id: nil, baseVersion: nil,
                        record: .claim(ClaimInput(articleId: article.id, quote: "111 drones"))))
            }
            _ = try await rita.push(mutations + [Mutation.verdict(claimId: claim.id, label: "true")])
            let all = try await rita.allChanges(pageSize: 5000)
            let paged = try await rita.allChanges(pageSize: 3)
            #expect(paged == all)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.seq < $1.seq })
            let end = try await rita.changes(since: all.last!.seq, limit: 10)
            #expect(end.changes.isEmpty && end.next == all.last!.seq && !end.hasMore)
            let beyond = try await rita.changes(since: all.last!.seq + 1000)
            #expect(beyond.changes.isEmpty && beyond.next == all.last!.seq + 1000)
            let page = try await rita.changes(since: 0, limit: 2)
            #expect(page.hasMore && page.next == page.changes.last?.seq)
            let huge = try await rita.get("/v1/changes?limit=1000000")
            #expect(huge.status == 200)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func articleRevisionsTravelThroughTheFeed(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var corrected = Fixtures.article(body: article.body + "\n\nCorrection appended.")
            corrected.title = article.title
            _ = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: corrected, headers: ["If-Match": "\"1\""])
            let changes = try await erin.allChanges().filter { $0.id == article.id }
            #expect(changes.map(\.version) == [1, 2])
            guard case .article(let first) = changes[0].record, case .article(let second) = changes[1].record else {
                throw TestFailure("not articles")
            }
            #expect(first.body == article.body && second.body.hasSuffix("Correction appended."))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func pagesOfLongArticlesStayBounded(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            for index in 0..<12 {
                let body =
                    "Article \(index). " + String(repeating: "A long report on the strike pause. ", count: 13_000)
                _ = try await erin.createArticle(Fixtures.article(body: body))
            }
            let first = try await erin.changes(since: 0, limit: 500)
            #expect(first.hasMore && first.changes.count < 12)
            let all = try await erin.allChanges(pageSize: 500)
            #expect(all.count == 12)
        }
    }
}
