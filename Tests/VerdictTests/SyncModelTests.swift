import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

/// Randomized model test of the sync protocol: concurrent writers interleave pushes, retries and feed reads.
@Suite struct SyncModelTests {
    /// What one workspace believes about a verdict.
    struct Known {
        var version: Int
        let claimId: String
        var deleted: Bool
    }

    enum Intent: Equatable {
        case create, update, deliberatelyStale, delete
    }

    struct Sent {
        let mutation: Mutation
        let intent: Intent
        let result: MutationResult
    }

    /// Everything a writer saw, for checking afterwards.
    struct WriterLog {
        var sent: [Sent] = []
        var retriesMatched = 0
        var retryMismatches: [String] = []
    }

    struct ReaderLog {
        var seen: [Int64] = []
        var cursor: Int64 = 0
    }

    static let writers = [("rita", 1), ("rita", 2), ("ravi", 1), ("ravi", 2)]

    @Test(arguments: TestBackend.allCases, [UInt64(1), 42, 2026])
    func concurrentWritersKeepTheFeedExact(backend: TestBackend, seed: UInt64) async throws {
        try await withServer(backend: backend) { server in
            let editor = server.client("erin")
            let article = try await editor.createArticle()
            var claims: [String] = []
            for quote in ["111 drones", "one ballistic missile", "30 000", "−24 °C", "took note", "Kharkiv"] {
                claims.append(try await editor.createClaim(articleId: article.id, quote: quote).id)
            }
            let setupEnd = try await editor.allChanges().last?.seq ?? 0
            let claimIDs = claims

            let (logs, reader) = try await withThrowingTaskGroup(of: (Int, WriterLog?, ReaderLog?).self) { group in
                for (index, writer) in Self.writers.enumerated() {
                    let client = server.client(writer.0)
                    group.addTask {
                        var rng = SplitMix64(state: seed &* 1000 &+ UInt64(index))
                        return (
                            index, try await Self.runWriter(client, claims: claimIDs, since: setupEnd, rng: &rng), nil
                        )
                    }
                }
                let readerClient = server.client("erin")
                group.addTask {
                    var log = ReaderLog(cursor: setupEnd)
                    for _ in 0..<60 {
                        let page = try await readerClient.changes(since: log.cursor, limit: 3)
                        log.seen += page.changes.map(\.seq)
                        log.cursor = page.next
                    }
                    return (-1, nil, log)
                }
                var logs: [Int: WriterLog] = [:]
                var reader = ReaderLog()
                for try await (index, writerLog, readerLog) in group {
                    if let writerLog { logs[index] = writerLog }
                    if let readerLog { reader = readerLog }
                }
                return (logs, reader)
            }

            let feed = try await editor.allChanges(since: setupEnd, pageSize: 7)
            // The feed is in strictly increasing sequence order.
            #expect(zip(feed, feed.dropFirst()).allSatisfy { $0.seq < $1.seq })
            // Every applied mutation appears exactly once, with its id and version; nothing else appears.
            let applied = logs.values.flatMap(\.sent).filter { $0.result.status == .applied }
            let bySeq = Dictionary(grouping: feed, by: \.seq)
            for sent in applied {
                let seq = try #require(sent.result.seq)
                let entries = bySeq[seq] ?? []
                #expect(entries.count == 1, "seq \(seq) appears \(entries.count) times")
                #expect(entries.first?.id == sent.result.id && entries.first?.version == sent.result.version)
            }
            #expect(Set(applied.compactMap(\.result.seq)) == Set(feed.map(\.seq)))
            #expect(applied.count == feed.count)
            // Retries changed nothing and answered the same.
            for log in logs.values {
                #expect(log.retryMismatches.isEmpty, "\(log.retryMismatches)")
            }
            #expect(logs.values.map(\.retriesMatched).reduce(0, +) > 0)
            // Stale writes conflict; applied writes sit right on their base version.
            for sent in logs.values.flatMap(\.sent) {
                switch sent.intent {
                case .deliberatelyStale:
                    #expect(sent.result.status == .conflict && sent.result.code == "stale", "\(sent.result)")
                case .update, .delete:
                    if sent.result.status == .applied {
                        #expect(sent.result.version == (sent.mutation.baseVersion ?? 0) + 1)
                    } else {
                        #expect(sent.result.status == .conflict, "\(sent.result)")
                        switch sent.result.code {
                        case "stale": #expect(sent.result.record?.version != sent.mutation.baseVersion)
                        case "live-verdict-exists": #expect(sent.result.record?.id != sent.mutation.id)
                        default: #expect(sent.result.code == "deleted", "\(sent.result)")
                        }
                    }
                case .create:
                    #expect([.applied, .conflict].contains(sent.result.status), "\(sent.result)")
                }
            }
            // A reader that paged concurrently holds exactly the feed below its cursor: it missed nothing.
            #expect(reader.seen == feed.map(\.seq).filter { $0 <= reader.cursor })
            // Replaying the feed gives the server's state; one live verdict per reviewer and claim.
            var replay: [String: Verdict] = [:]
            for change in feed {
                if case .verdict(let verdict) = change.record { replay[verdict.id] = verdict }
            }
            for (id, verdict) in replay {
                let current = try await editor.get("/v1/verdicts/\(id)").decode(Verdict.self)
                #expect(current == verdict)
            }
            let live = replay.values.filter { !$0.deleted }.map { "\($0.claimId)/\($0.reviewer)" }
            #expect(Set(live).count == live.count)
        }
    }

    static func runWriter(
        _ client: HTTPTestClient, claims: [String], since: Int64, rng: inout SplitMix64
    ) async throws -> WriterLog {
        var known: [String: Known] = [:]
        var log = WriterLog()
        var cursor = since
        var lastBatch: [Mutation] = []
        var lastResults: [MutationResult] = []
        for _ in 0..<25 {
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll == 0 && !lastBatch.isEmpty {
                let again = try await client.push(lastBatch)
                if again == lastResults { log.retriesMatched += 1 } else { log.retryMismatches.append("\(again)") }
                continue
            }
            if roll == 1 {
                // Pull: learn the versions of this user's verdicts.
                let page = try await client.changes(since: cursor, limit: 50)
                cursor = page.next
                for change in page.changes {
                    guard case .verdict(let verdict) = change.record, client.token != nil else { continue }
                    if known[verdict.id] != nil || verdict.reviewer == client.userName {
                        known[verdict.id] = Known(
                            version: verdict.version, claimId: verdict.claimId, deleted: verdict.deleted)
                    }
                }
                continue
            }
            var batch: [(Mutation, Intent)] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let labels = ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"]
                let label = labels.randomElement(using: &rng)!
                let ids = known.keys.sorted()
                let choice = Int.random(in: 0..<10, using: &rng)
                if ids.isEmpty || choice < 3 {
                    let claim = claims.randomElement(using: &rng)!
                    batch.append((Mutation.verdict(id: RecordID.make(), claimId: claim, label: label), .create))
                } else {
                    let id = ids.randomElement(using: &rng)!
                    let state = known[id]!
                    if choice == 3 && state.version > 1 {
                        batch.append(
                            (
                                Mutation.verdict(
                                    id: id, claimId: state.claimId, label: label, baseVersion: state.version - 1),
                                .deliberatelyStale
                            ))
                    } else if choice == 4 {
                        batch.append(
                            (
                                Mutation(
                                    mutationId: RecordID.make(), type: .verdict, op: .delete, id: id,
                                    baseVersion: state.version, record: nil), .delete
                            ))
                    } else {
                        batch.append(
                            (
                                Mutation.verdict(
                                    id: id, claimId: state.claimId, label: label, baseVersion: state.version), .update
                            ))
                    }
                }
            }
            let mutations = batch.map(\.0)
            let results = try await client.push(mutations)
            guard results.count == mutations.count else {
                throw TestFailure("\(results.count) results for \(mutations.count)")
            }
            for ((mutation, intent), result) in zip(batch, results) {
                log.sent.append(Sent(mutation: mutation, intent: intent, result: result))
                if case .verdict(let verdict) = result.record, verdict.reviewer == client.userName {
                    known[verdict.id] = Known(
                        version: verdict.version, claimId: verdict.claimId, deleted: verdict.deleted)
                }
            }
            lastBatch = mutations
            lastResults = results
        }
        return log
    }
}
