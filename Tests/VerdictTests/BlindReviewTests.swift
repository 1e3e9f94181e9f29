import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Blind review (on by default): a reviewer sees no other reviewer's verdict on a claim until they have given
/// their own, on every path, and one sync after rating brings everything.
@Suite struct BlindReviewTests {
    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    static func verdicts(in changes: [Change]) -> [Verdict] {
        changes.compactMap { change in
            if case .verdict(let verdict) = change.record { return verdict }
            return nil
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReviewerSeesNoOtherVerdictUntilTheyRateAndEverythingAfterOneSync(backend: TestBackend) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let first = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            let second = try await erin.createClaim(articleId: article.id, quote: "one ballistic missile")
            let ravi = server.client("ravi")
            #expect(try await ravi.putVerdict(id: "ravi-1", claimId: first.id, label: "false").status == 201)
            #expect(try await ravi.putVerdict(id: "ravi-2", claimId: second.id, label: "true").status == 201)
            #expect(
                try await ravi.putVerdict(id: "ravi-1", claimId: first.id, label: "mixed", version: 1).status == 200)

            // Before rating: no path shows ravi's labels to rita.
            let rita = server.client("rita")
            let before = try await rita.changes(since: 0, limit: 1000)
            #expect(Self.verdicts(in: before.changes).isEmpty, "the feed withholds others' verdicts")
            #expect(!before.hasMore)
            let all = try await server.client("ada").allChanges()
            #expect(before.next == all.last?.seq, "the cursor moves past what was withheld")
            for id in ["ravi-1", "ravi-2"] {
                let read = try await rita.get("/v1/verdicts/\(id)")
                #expect(read.status == 403 && read.error?.code == "blind-review", "\(read.text)")
                #expect(!read.text.contains("mixed") && !read.text.contains("\"true\""), "\(read.text)")
            }
            let report = try await rita.get("/v1/agreement?method=majority").decode(AgreementReport.self)
            #expect(report.claims == 0 && report.verdicts == 0, "agreement covers only what rita may see")
            #expect(try await rita.get("/v1/export").status == 403, "exports are for editors")

            // Editors see everything.
            #expect(Self.verdicts(in: try await erin.allChanges()).count == 3)
            #expect(try await erin.get("/v1/verdicts/ravi-1").status == 200)

            // Rita rates the first claim: one sync from her cursor brings ravi's current verdict on it, not the other.
            #expect(try await rita.putVerdict(id: "rita-1", claimId: first.id, label: "false").status == 201)
            let after = try await rita.changes(since: before.next, limit: 1000)
            let seen = Self.verdicts(in: after.changes)
            #expect(Set(seen.map(\.id)) == ["rita-1", "ravi-1"], "\(seen.map(\.id))")
            #expect(seen.first { $0.id == "ravi-1" }?.label == "mixed", "the current version is released")
            #expect(after.changes.map(\.seq) == after.changes.map(\.seq).sorted())
            #expect(try await rita.get("/v1/verdicts/ravi-1").status == 200)
            #expect(try await rita.get("/v1/verdicts/ravi-2").status == 403)
            let report2 = try await rita.get("/v1/agreement?method=majority").decode(AgreementReport.self)
            #expect(report2.claims == 1 && report2.verdicts == 2)

            // Later verdicts on a claim she has rated flow as usual, even after she deletes her own.
            #expect(
                try await rita.request("DELETE", "/v1/verdicts/rita-1", headers: ["If-Match": "\"1\""]).status == 200)
            #expect(try await ravi.putVerdict(id: "ravi-1", claimId: first.id, label: "true", version: 2).status == 200)
            let later = try await rita.changes(since: after.next, limit: 1000)
            #expect(Self.verdicts(in: later.changes).map(\.id) == ["rita-1", "ravi-1"])
            #expect(Self.verdicts(in: later.changes).last?.label == "true")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func withBlindReviewOffReviewersSeeEverything(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.workflow.blindReview = false
        try await withServer(config: config, backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            #expect(
                try await server.client("ravi").putVerdict(id: "r", claimId: claim.id, label: "false").status == 201)
            let rita = server.client("rita")
            #expect(Self.verdicts(in: try await rita.allChanges()).map(\.id) == ["r"])
            #expect(try await rita.get("/v1/verdicts/r").status == 200)
            let desk = try await rita.get("/v1/desk").decode(DeskInfo.self)
            #expect(desk.workflow.blindReview == false)
        }
    }

    /// Random writes by three reviewers and an editor, interleaved with three reviewers paging the feed with
    /// small random pages. Every page shows a reviewer only what they may see at that moment, and at the end each
    /// reader holds exactly what they may see, at its latest version.
    @Test(arguments: TestBackend.allCases, [7, 21, 99, 314] as [UInt64])
    func readersPagingThroughRandomWritesHoldExactlyWhatTheyMaySee(backend: TestBackend, seed: UInt64) async throws {
        try await withServer(users: Self.users, backend: backend) { server in
            var rng = SplitMix64(state: seed)
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var claims: [String] = []
            // Many claims for few writes: most verdicts are written once or twice, so a reader often passes one
            // while it is hidden and needs it released later.
            for quote in [
                "111 drones", "one ballistic missile", "30 000", "February 1", "Kyiv", "Kharkiv", "heating",
                "−24 °C", "freezing", "Kremlin aide",
            ] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote, occurrence: 1).id)
            }
            let reviewers = ["rita", "ravi", "rhea"]
            let writers = reviewers + ["erin"]
            let labels = VerdictScale.standard.labels.map(\.id)
            /// Each reader's copy: verdict id -> latest verdict received, plus their cursor.
            var held: [String: [String: Verdict]] = [:]
            var cursors: [String: Int64] = [:]
            /// What the server holds, as the admin sees it: verdict id -> verdict.
            func serverState() async throws -> [String: Verdict] {
                var state: [String: Verdict] = [:]
                for verdict in Self.verdicts(in: try await server.client("ada").allChanges()) {
                    state[verdict.id] = verdict
                }
                return state
            }

            for _ in 0..<100 {
                if Bool.random(using: &rng) {
                    let reader = reviewers.randomElement(using: &rng)!
                    let page = try await server.client(reader).changes(
                        since: cursors[reader] ?? 0, limit: Int.random(in: 1...4, using: &rng))
                    let state = try await serverState()
                    let rated = Set(state.values.filter { $0.reviewer == reader }.map(\.claimId))
                    for verdict in Self.verdicts(in: page.changes) {
                        #expect(
                            verdict.reviewer == reader || rated.contains(verdict.claimId),
                            "\(reader) got \(verdict.reviewer)'s verdict on a claim they have not rated")
                        if (held[reader]?[verdict.id]?.version ?? 0) < verdict.version {
                            held[reader, default: [:]][verdict.id] = verdict
                        }
                    }
                    #expect(page.next >= (cursors[reader] ?? 0))
                    cursors[reader] = page.next
                } else {
                    let writer = writers.randomElement(using: &rng)!
                    let claim = claims.randomElement(using: &rng)!
                    let id = "\(writer)-\(claim.prefix(8))"
                    let current = try await serverState()[id]
                    if let current, !current.deleted, Bool.random(using: &rng) {
                        let deleted = try await server.client(writer).request(
                            "DELETE", "/v1/verdicts/\(id)", headers: ["If-Match": "\"\(current.version)\""])
                        #expect(deleted.status == 200, "\(deleted.text)")
                    } else {
                        let put = try await server.client(writer).putVerdict(
                            id: id, claimId: claim, label: labels.randomElement(using: &rng)!, version: current?.version
                        )
                        #expect(put.status == 200 || put.status == 201, "\(put.text)")
                    }
                }
            }
            let state = try await serverState()
            for reader in reviewers {
                var page: ChangesPage
                repeat {
                    page = try await server.client(reader).changes(since: cursors[reader] ?? 0, limit: 3)
                    for verdict in Self.verdicts(in: page.changes)
                    where (held[reader]?[verdict.id]?.version ?? 0) < verdict.version {
                        held[reader, default: [:]][verdict.id] = verdict
                    }
                    cursors[reader] = page.next
                } while page.hasMore
                let rated = Set(state.values.filter { $0.reviewer == reader }.map(\.claimId))
                let visible = state.filter {
                    $0.value.reviewer == reader || (rated.contains($0.value.claimId) && !$0.value.deleted)
                }
                // Tombstones of others' verdicts withheld before the reader rated are not released (nothing to show).
                let holds = (held[reader] ?? [:]).filter { $0.value.reviewer == reader || !$0.value.deleted }
                #expect(holds == visible, "\(reader) holds exactly what they may see (seed \(seed))")
            }
        }
    }
}
