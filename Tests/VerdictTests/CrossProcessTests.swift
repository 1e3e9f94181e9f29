import Foundation
import PostgresNIO
import Synchronization
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Three `verdict-server` processes on one PostgreSQL database: writers spread over them, feed readers paging
/// through different ones at the same time. Every reader must end holding exactly the final feed, in order, with
/// no gap and no duplicate; claims, verdicts and retried pushes keep their rules across processes.
@Suite(.serialized) struct CrossProcessTests {
    /// The desk: an editor and eight reviewers, each writer a reviewer of its own.
    static let reviewers = (1...8).map { "rev\($0)" }

    struct Desk {
        let url: String
        let tokens: [String: String]
        let article: Article
        let claims: [Claim]
        /// Spans no claim marks yet, each to be marked from two servers at once.
        let freeQuotes: [String]
    }

    /// A fresh database with users, one article and a few claims, made through the store itself.
    static func makeDesk(url: String, configuration: PostgresClient.Configuration) async throws -> Desk {
        let sentences = (1...24).map { "Sentence number \($0) says the figure was \($0 * 37) last year." }
        let body = sentences.joined(separator: " ")
        return try await PostgresStore.withStore(configuration) { store in
            var tokens: [String: String] = [:]
            tokens["erin"] = try await store.addUser(name: "erin", role: .editor, tokenLabel: "test").token
            for name in reviewers {
                tokens[name] = try await store.addUser(name: name, role: .reviewer, tokenLabel: "test").token
            }
            let editor = Identity(name: "erin", role: .editor)
            let articleId = RecordID.make()
            let created = try await store.apply(
                [
                    Mutation(
                        mutationId: RecordID.make(), type: .article, op: .put, id: articleId, baseVersion: nil,
                        record: .article(
                            ArticleInput(title: "Figures", source: "Test Ledger", published: "2026-12-01", body: body)))
                ], by: editor, remember: false)
            guard created.first?.result.status == .applied else { throw TestFailure("article: \(created)") }
            var claims: [Claim] = []
            for sentence in sentences.prefix(12) {
                let outcome = try await store.apply(
                    [
                        Mutation(
                            mutationId: RecordID.make(), type: .claim, op: .put, id: RecordID.make(), baseVersion: nil,
                            record: .claim(ClaimInput(articleId: articleId, quote: sentence)))
                    ], by: editor, remember: false)
                guard case .claim(let claim) = outcome.first?.result.record else {
                    throw TestFailure("claim: \(outcome)")
                }
                claims.append(claim)
            }
            guard let article = try await store.article(id: articleId, revision: nil) else {
                throw TestFailure("no article")
            }
            return Desk(
                url: url, tokens: tokens, article: article, claims: claims, freeQuotes: Array(sentences.dropFirst(12)))
        }
    }

    /// `verdict-server serve` on the database, on a free port.
    static func startServer(_ url: String) throws -> (RunningServerProcess, Int) {
        let server = try RunningServerProcess(
            arguments: ["serve", "--db", url, "--port", "0", "--no-access-log"])
        do {
            return (server, try server.waitForPort())
        } catch {
            server.signal(SIGKILL)
            throw error
        }
    }

    /// Pages the whole feed after `since` through `client`, `limit` changes a page, until a page says nothing is
    /// left; every change's sequence number in order.
    static func drain(_ client: HTTPTestClient, from since: Int64, limit: Int) async throws -> (Int64, [Int64]) {
        var cursor = since
        var seen: [Int64] = []
        while true {
            let page = try await client.changes(since: cursor, limit: limit)
            seen += page.changes.map(\.seq)
            cursor = page.next
            if !page.hasMore { return (cursor, seen) }
        }
    }

    /// One writer's work: pushes of verdicts on the desk's claims (each push sent twice, the retry through
    /// another server), REST verdict puts, and the same span marked from two servers.
    static func write(
        as reviewer: String, desk: Desk, ports: [Int], index: Int, rounds: Int, seed: UInt64
    ) async throws {
        var random = SplitMix64(state: seed)
        let token = desk.tokens[reviewer]
        var mine: [String: (id: String, version: Int)] = [:]
        for round in 0..<rounds {
            let port = ports[(index + round) % ports.count]
            let client = HTTPTestClient(port: port, token: token)
            switch round % 4 {
            case 0, 1:
                // A push of a few verdicts, then the same push again through the next server: a retry that must
                // get the same answers and write nothing.
                var batch: [Mutation] = []
                var rated: Set<String> = []
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    let claim = desk.claims[Int(random.next() % UInt64(desk.claims.count))]
                    let existing = mine[claim.id]
                    guard rated.insert(claim.id).inserted else { continue }
                    batch.append(
                        Mutation(
                            mutationId: RecordID.make(), type: .verdict, op: .put, id: existing?.id ?? RecordID.make(),
                            baseVersion: existing?.version,
                            record: .verdict(
                                VerdictInput(claimId: claim.id, label: ["true", "false", "mixed"][round % 3]))))
                }
                let first = try await client.push(batch)
                let retry = try await HTTPTestClient(port: ports[(index + round + 1) % ports.count], token: token)
                    .push(batch)
                #expect(first.map(\.status) == retry.map(\.status), "a retry through another server: same answers")
                #expect(first.map(\.version) == retry.map(\.version))
                for result in first where result.status == .applied {
                    if case .verdict(let verdict) = result.record {
                        mine[verdict.claimId] = (verdict.id, verdict.version)
                    }
                }
                #expect(first.allSatisfy { $0.status == .applied }, "\(first.map { $0.reason ?? "" })")
            case 2:
                // A plain REST write.
                let claim = desk.claims[Int(random.next() % UInt64(desk.claims.count))]
                let existing = mine[claim.id]
                let answer = try await client.putVerdict(
                    id: existing?.id ?? RecordID.make(), claimId: claim.id, label: "mostly-true",
                    version: existing?.version)
                #expect(answer.status == 200 || answer.status == 201, "\(answer.text)")
                if let verdict = try? answer.decode(Verdict.self) { mine[claim.id] = (verdict.id, verdict.version) }
            default:
                // The same span marked through two servers at once, by two writers (each quote belongs to a pair).
                let quote = desk.freeQuotes[(index / 2 + round) % desk.freeQuotes.count]
                let result = try await client.send(
                    "POST", "/v1/claims", json: ClaimInput(articleId: desk.article.id, quote: quote))
                #expect(result.status == 200 || result.status == 201, "\(result.text)")
            }
        }
    }

    @Test func threeServersEightWritersThreeReaders() async throws {
        let (url, configuration, drop) = try await TestPostgres.makeDatabaseURL()
        defer { Task { try? await drop() } }
        let desk = try await Self.makeDesk(url: url, configuration: configuration)
        var servers: [RunningServerProcess] = []
        var started: [Int] = []
        defer { for server in servers { server.signal(SIGKILL) } }
        for _ in 0..<3 {
            let (server, port) = try Self.startServer(url)
            servers.append(server)
            started.append(port)
        }
        let readerToken = desk.tokens["erin"]
        let finished = Flag()
        let ports = started
        let feeds = try await withThrowingTaskGroup(of: [Int64]?.self) { group in
            for (index, reviewer) in Self.reviewers.enumerated() {
                group.addTask {
                    try await Self.write(
                        as: reviewer, desk: desk, ports: ports, index: index, rounds: 16, seed: UInt64(index + 1))
                    return nil
                }
            }
            for reader in 0..<3 {
                group.addTask {
                    // Pages as the writers write, through its own server, with small pages so that many reads
                    // land between commits; then drains once the writers are done.
                    let client = HTTPTestClient(port: ports[reader], token: readerToken)
                    var cursor: Int64 = 0
                    var seen: [Int64] = []
                    while !finished.isSet {
                        let page = try await client.changes(since: cursor, limit: 3 + reader)
                        seen += page.changes.map(\.seq)
                        cursor = page.next
                    }
                    let (_, rest) = try await Self.drain(client, from: cursor, limit: 50)
                    return seen + rest
                }
            }
            var feeds: [[Int64]] = []
            var writersLeft = Self.reviewers.count
            while let result = try await group.next() {
                if let feed = result {
                    feeds.append(feed)
                } else {
                    writersLeft -= 1
                    if writersLeft == 0 { finished.set() }
                }
            }
            return feeds
        }
        let (_, final) = try await Self.drain(HTTPTestClient(port: ports[0], token: readerToken), from: 0, limit: 500)
        #expect(final == final.sorted() && Set(final).count == final.count, "the feed is in order, once each")
        #expect(feeds.count == 3)
        for feed in feeds {
            // A reader paging during the writes holds exactly the final feed: nothing skipped, nothing twice.
            let skipped = Set(final).subtracting(feed).sorted()
            #expect(skipped.isEmpty, "a reader never saw changes \(skipped.prefix(20)) of \(final.count)")
            #expect(feed.count == final.count && feed == feed.sorted(), "in order, each once")
        }
        try await Self.checkInvariants(desk: desk, configuration: configuration, changes: final.count)
    }

    @Test func aServerKilledMidPushAndTheRetryGoesElsewhere() async throws {
        let (url, configuration, drop) = try await TestPostgres.makeDatabaseURL()
        defer { Task { try? await drop() } }
        let desk = try await Self.makeDesk(url: url, configuration: configuration)
        let (victim, victimPort) = try Self.startServer(url)
        let (survivor, survivorPort) = try Self.startServer(url)
        defer {
            victim.signal(SIGKILL)
            survivor.signal(SIGKILL)
        }
        let token = desk.tokens["rev1"]
        // A push long enough to be in flight when the server dies: every claim rated, many times over.
        let batch = desk.claims.map { claim in
            Mutation(
                mutationId: RecordID.make(), type: .verdict, op: .put, id: RecordID.make(), baseVersion: nil,
                record: .verdict(VerdictInput(claimId: claim.id, label: "false")))
        }
        let pushing = Task { try? await HTTPTestClient(port: victimPort, token: token).push(batch) }
        victim.signal(SIGKILL)
        _ = await pushing.value
        // The client retries the same push elsewhere: applied exactly once, whatever the killed server had done.
        let results = try await HTTPTestClient(port: survivorPort, token: token).push(batch)
        #expect(results.allSatisfy { $0.status == .applied }, "\(results.map { $0.reason ?? "" })")
        let again = try await HTTPTestClient(port: survivorPort, token: token).push(batch)
        #expect(again.map(\.version) == results.map(\.version))
        let (_, feed) = try await Self.drain(HTTPTestClient(port: survivorPort, token: token), from: 0, limit: 7)
        #expect(feed == feed.sorted() && Set(feed).count == feed.count)
        try await Self.checkInvariants(desk: desk, configuration: configuration, changes: feed.count)
    }

    /// What must hold in the database after the writers: one claim per span, one live verdict per reviewer and
    /// claim, one change per record version, and as many changes as the feed showed.
    static func checkInvariants(desk: Desk, configuration: PostgresClient.Configuration, changes: Int) async throws {
        try await PostgresStore.withStore(configuration) { store in
            let counts = try await store.read { storage in
                (
                    spans: try storage.value(
                        """
                        SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY article_id, revision, start_offset,
                            end_offset HAVING count(*) > 1) doubled
                        """, as: Int.self),
                    live: try storage.value(
                        """
                        SELECT count(*) FROM (SELECT 1 FROM verdicts WHERE deleted = 0 GROUP BY claim_id, reviewer
                            HAVING count(*) > 1) doubled
                        """, as: Int.self),
                    versions: try storage.value(
                        """
                        SELECT count(*) FROM (SELECT 1 FROM changes GROUP BY type, record_id, version
                            HAVING count(*) > 1) doubled
                        """, as: Int.self),
                    changes: try storage.value("SELECT count(*) FROM changes", as: Int.self),
                    claims: try storage.value("SELECT count(*) FROM claims", as: Int.self)
                )
            }
            #expect(counts.spans == 0, "one claim per span")
            #expect(counts.live == 0, "one live verdict per reviewer and claim")
            #expect(counts.versions == 0, "one change per record version")
            #expect(counts.changes == changes, "the feed shows every change")
            #expect((counts.claims ?? 0) <= desk.claims.count + desk.freeQuotes.count)
        }
    }
}

/// A flag set once, read from other tasks.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
