import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The built `verdict` binary against a live server: offline work, push and pull, conflicts, merges, bad input.
@Suite(.serialized) struct ClientTests {
    /// An article with two claims, made by the editor.
    static func seed(_ server: TestServer) async throws -> (Article, [Claim]) {
        let erin = server.client("erin")
        let article = try await erin.createArticle()
        let claims = [
            try await erin.createClaim(articleId: article.id, quote: "111 drones"),
            try await erin.createClaim(articleId: article.id, quote: "30 000 households lost heating"),
        ]
        return (article, claims)
    }

    /// Four claims on each of `articles` new articles, made by the editor; their ids.
    static func claims(_ server: TestServer, articles: Int) async throws -> [String] {
        let erin = server.client("erin")
        var claims: [String] = []
        for _ in 0..<articles {
            let article = try await erin.createArticle()
            for quote in ["111 drones", "one ballistic missile", "30 000 households lost heating", "−24 °C"] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote).id)
            }
        }
        return claims
    }

    /// The server's current live verdicts, from its change feed.
    static func serverVerdicts(_ server: TestServer) async throws -> [String: Verdict] {
        var verdicts: [String: Verdict] = [:]
        for change in try await server.client("ada").allChanges() {
            if case .verdict(let verdict) = change.record { verdicts[verdict.id] = verdict }
        }
        return verdicts
    }

    // SQLite only: the second server restarts over the first one's database file.
    @Test func offlineEditsArePushedAfterTheServerRestarts() async throws {
        let first = try await TestServer.start()
        let (article, claims) = try await Self.seed(first)
        let rita = try ClientWorkspace(user: "rita")
        let ravi = try ClientWorkspace(user: "ravi")
        for reviewer in [rita, ravi] {
            try await reviewer.login(first)
            try await reviewer.ok(["pull"])
        }
        let port = first.port
        let directory = first.directory
        let tokens = first.tokens
        try await first.stop()

        // The server is down: everything but the network works.
        try await rita.ok([
            "rate", String(claims[0].id.prefix(8)), "mostly-true", "--confidence", "0.7", "--note", "AF count",
        ])
        try await rita.ok(["claim", "add", String(article.id.prefix(6)), "--quote", "−24 °C"])
        let shown = try await rita.json(ShownArticle.self, ["show", article.id])
        let newClaim = try #require(shown.claims.first { $0.claim.pending })
        try await rita.ok(["rate", newClaim.claim.id, "true", "--evidence", "https://example.org/weather"])
        try await ravi.ok(["rate", claims[1].id, "false"])
        struct Listed: Decodable {
            let id: String
            let claims: Int
            let rated: Int
        }
        func counts(_ workspace: ClientWorkspace) async throws -> (Int, Int)? {
            try await workspace.json([Listed].self, ["articles"]).first { $0.id == article.id }.map {
                ($0.claims, $0.rated)
            }
        }
        #expect(try await counts(rita)! == (3, 2), "a claim marked here and unpushed ratings count")
        let offline = try await rita.run(["push"])
        #expect(offline.status == 3, "\(offline)")
        #expect(offline.stderr.contains("cannot reach"), "\(offline)")
        #expect(try await rita.json(ClientStatus.self, ["status"]).pending == 3, "a failed push keeps every edit")

        let second = try await TestServer.start(directory: directory, existingTokens: tokens, port: port)
        defer { Task { try? await second.stop() } }
        #expect(try await rita.ok(["push"]).contains("3 applied"))
        #expect(try await ravi.ok(["sync"]).contains("1 applied"))
        try await rita.ok(["pull"])
        for reviewer in [rita, ravi] {
            #expect(try await reviewer.json(ClientStatus.self, ["status"]).pending == 0)
        }
        let verdicts = try await Self.serverVerdicts(second).values
        #expect(Set(verdicts.map { "\($0.reviewer) \($0.label)" }) == ["rita mostly-true", "rita true", "ravi false"])
        #expect(try await counts(rita)! == (3, 2))
        try await rita.ok(["unrate", claims[0].id])
        #expect(try await counts(rita)! == (3, 1), "an unpushed withdrawal counts")
        try await rita.ok(["rate", claims[0].id, "mostly-true", "--confidence", "0.7", "--note", "AF count"])
        #expect(try await rita.ok(["push"]).contains("1 applied"))
        #expect(try await counts(ravi)! == (3, 1))
        let ritas = try await rita.json(ShownArticle.self, ["show", article.id])
        #expect(ritas.claims.count == 3 && ritas.claims.allSatisfy { !$0.claim.pending && $0.editState == nil })
        #expect(ritas.claims.compactMap(\.verdict?.label).sorted() == ["mostly-true", "true"])
        try await second.stop()
    }

    @Test(arguments: TestBackend.allCases)
    func oneUserOnTwoDevicesConflictsAndResolvesBothWays(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claims) = try await Self.seed(server)
            let claim = claims[0].id
            let laptop = try ClientWorkspace(user: "rita")
            let phone = try ClientWorkspace(user: "rita")
            for device in [laptop, phone] {
                try await device.login(server)
                try await device.ok(["pull"])
            }
            try await laptop.ok(["rate", claim, "true"])
            try await laptop.ok(["push"])
            // The phone never saw the laptop's verdict: its create meets the existing one.
            try await phone.ok(["rate", claim, "false", "--note", "phone"])
            let clash = try await phone.run(["push"])
            #expect(clash.status == 2, "\(clash)")
            let conflicts = try await phone.run(["conflicts"])
            #expect(
                conflicts.stdout.contains("mine:   false") && conflicts.stdout.contains("theirs: true"), "\(conflicts)")
            #expect(
                try await phone.run(["rate", claim, "mixed"]).status == 1,
                "rating over a conflict asks to resolve first")

            try await phone.ok(["resolve", String(claim.prefix(8)), "--mine"])
            #expect(try await phone.ok(["push"]).contains("1 applied"))
            var live = try await Self.serverVerdicts(server).values.filter { !$0.deleted }
            #expect(live.count == 1 && live.first?.label == "false" && live.first?.rationale == "phone")

            // The laptop edits its stale copy: a stale conflict, settled for the server's side.
            try await laptop.ok(["rate", claim, "mixed"])
            #expect(try await laptop.run(["push"]).status == 2)
            try await laptop.ok(["resolve", claim, "--theirs"])
            let shown = try await laptop.json(ShownArticle.self, ["show", claims[0].articleId])
            #expect(shown.claims.first { $0.claim.id == claim }?.verdict?.label == "false")
            #expect(try await laptop.json(ClientStatus.self, ["status"]).conflicts == 0)
            #expect(try await laptop.ok(["push"]).contains("Nothing to push"))
            live = try await Self.serverVerdicts(server).values.filter { !$0.deleted }
            #expect(live.count == 1 && live.first?.label == "false")
            // Both versions are in the claim's history.
            let log = try await laptop.ok(["log", claim])
            #expect(log.contains("true") && log.contains("false"), "\(log)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theSameSpanMarkedTwiceOfflineEndsAsOneClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, _) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            let ravi = try ClientWorkspace(user: "ravi")
            for reviewer in [rita, ravi] {
                try await reviewer.login(server)
                try await reviewer.ok(["pull"])
                try await reviewer.ok(["claim", "add", article.id, "--quote", "one ballistic missile"])
                let local = try #require(
                    try await reviewer.json(ShownArticle.self, ["show", article.id]).claims.first { $0.claim.pending })
                try await reviewer.ok(["rate", local.claim.id, reviewer.user == "rita" ? "true" : "mostly-true"])
            }
            #expect(try await rita.ok(["push"]).contains("2 applied"))
            let pushed = try await ravi.ok(["push"])
            #expect(pushed.contains("1 merged") && pushed.contains("1 applied"), "\(pushed)")
            try await ravi.ok(["pull"])
            let shown = try await ravi.json(ShownArticle.self, ["show", article.id])
            let marked = shown.claims.filter { $0.claim.quote == "one ballistic missile" }
            #expect(marked.count == 1, "no dangling local copy")
            #expect(marked.first?.verdict?.label == "mostly-true" && marked.first?.claim.pending == false)
            let claimsOnServer = try await server.client("ada").allChanges().compactMap { change -> Claim? in
                if case .claim(let claim) = change.record, claim.quote == "one ballistic missile" { return claim }
                return nil
            }
            #expect(Set(claimsOnServer.map(\.id)).count == 1)
            let verdicts = try await Self.serverVerdicts(server).values.filter {
                $0.claimId == claimsOnServer.first?.id
            }
            #expect(Set(verdicts.map(\.reviewer)) == ["rita", "ravi"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aLargePullKilledMidwayResumes(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claims) = try await Self.seed(server)
            // Many changes: one reviewer's two verdicts rewritten over and over, with long rationales.
            let ravi = server.client("ravi")
            for round in 0..<600 {
                let results = try await ravi.push(
                    claims.map { claim in
                        Mutation(
                            mutationId: RecordID.make(), type: .verdict, op: .put, id: "v-\(claim.id.prefix(8))",
                            baseVersion: round == 0 ? nil : round,
                            record: .verdict(
                                VerdictInput(
                                    claimId: claim.id, label: round % 2 == 0 ? "true" : "false",
                                    rationale: String(repeating: "padding for a bigger page ", count: 20))))
                    })
                #expect(results.allSatisfy { $0.status == .applied })
            }
            let total = try await server.client("ada").allChanges().count
            // Through a relay that holds the sixth page request: the pull is killed midway on any machine.
            let relay = try HoldingRelay(to: server.port, after: 5, requestsStartingWith: "GET /v1/changes?")
            defer { relay.close() }
            // An editor: every verdict reaches their workspace (blind review hides others' from reviewers).
            let editor = try ClientWorkspace(user: "erin")
            try await editor.login(server, at: "http://127.0.0.1:\(relay.port)")

            let running = try editor.start(["pull"], environment: ["VERDICT_PULL_PAGE": "10"])
            let held = try await offThePool { relay.waitUntilHolding(timeout: 60) }
            kill(running.processIdentifier, SIGKILL)
            _ = try await editor.finish(running)
            let cursorSeen = try editor.workspace().cursor()
            #expect(
                held && cursorSeen > 0 && cursorSeen < Int64(total), "killed midway (cursor \(cursorSeen) of \(total))")
            // The client fetches a page while the one before it commits: when the sixth request is held, the
            // fifth page is committed or about to be. Either way the cursor sits at the end of a whole page.
            let feed = try await server.client("ada").allChanges()
            let wholePages = [feed.prefix(40).last?.seq, feed.prefix(50).last?.seq]
            #expect(wholePages.contains(cursorSeen), "four or five whole pages of ten kept, not \(cursorSeen)")
            relay.release()

            #expect(try editor.integrityCheck() == "ok")
            let resumed = try await editor.ok(["pull"])
            #expect(resumed.contains("Pulled"), "\(resumed)")
            let status = try await editor.json(ClientStatus.self, ["status"])
            #expect(status.cursor == Int64(total))
            let local = try editor.serverVerdicts()
            let remote = try await Self.serverVerdicts(server)
            #expect(local == remote)
        }
    }

    /// The server refuses a page in the middle of a pull (the user is disabled while the sixth page request is
    /// held, and the client fetches each page while the one before it commits): the pull ends with the server's
    /// reason, the pages before it stay whole, and the next pull resumes from there.
    @Test(arguments: TestBackend.allCases)
    func aPageRefusedMidPullEndsItAndKeepsTheWholePages(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claims) = try await Self.seed(server)
            let ravi = server.client("ravi")
            for round in 0..<40 {
                let results = try await ravi.push(
                    claims.map { claim in
                        Mutation(
                            mutationId: RecordID.make(), type: .verdict, op: .put, id: "v-\(claim.id.prefix(8))",
                            baseVersion: round == 0 ? nil : round,
                            record: .verdict(VerdictInput(claimId: claim.id, label: round % 2 == 0 ? "true" : "false")))
                    })
                #expect(results.allSatisfy { $0.status == .applied })
            }
            let feed = try await server.client("ada").allChanges()
            let relay = try HoldingRelay(to: server.port, after: 5, requestsStartingWith: "GET /v1/changes?")
            defer { relay.close() }
            let editor = try ClientWorkspace(user: "erin")
            try await editor.login(server, at: "http://127.0.0.1:\(relay.port)")

            // The held request is never answered: it times out after 3 s and is sent again, past the relay now.
            let running = try editor.start(["pull", "--timeout", "3"], environment: ["VERDICT_PULL_PAGE": "10"])
            #expect(try await offThePool { relay.waitUntilHolding(timeout: 60) })
            try await server.store.setDisabled(true, user: "erin")
            relay.release()
            let refused = try await editor.finish(running)
            #expect(refused.status == 4, "\(refused)")
            #expect(refused.stderr.contains("the token is not valid"), "\(refused)")
            #expect(try editor.workspace().cursor() == feed.prefix(50).last?.seq, "five whole pages of ten kept")
            #expect(try editor.integrityCheck() == "ok")

            try await server.store.setDisabled(false, user: "erin")
            #expect(try await editor.ok(["pull"]).contains("Pulled"))
            #expect(try editor.workspace().cursor() == feed.last?.seq)
            #expect(try editor.serverVerdicts() == (try await Self.serverVerdicts(server)))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badInputGetsAClearMessageAndAFailingExit(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, claims) = try await Self.seed(server)
            let fresh = try ClientWorkspace(user: "rita")
            let notLoggedIn = try await fresh.run(["status"])
            #expect(notLoggedIn.status != 0 && notLoggedIn.stderr.contains("verdict login"), "\(notLoggedIn)")

            let wrongToken = fresh.dataHome.appendingPathComponent("wrong.txt")
            try Data("vdt_\(String(repeating: "0", count: 64))".utf8).write(to: wrongToken)
            let refused = try await fresh.run([
                "login", "--server", server.baseURL, "--user", "rita", "--token-file", wrongToken.path,
            ])
            #expect(refused.status == 4 && refused.stderr.contains("does not accept this token"), "\(refused)")
            let othersToken = fresh.dataHome.appendingPathComponent("ravi.txt")
            try Data(server.tokens["ravi"]!.utf8).write(to: othersToken)
            let mismatch = try await fresh.run([
                "login", "--server", server.baseURL, "--user", "rita", "--token-file", othersToken.path,
            ])
            #expect(mismatch.status == 4 && mismatch.stderr.contains("belongs to 'ravi'"), "\(mismatch)")
            let unreachable = try await fresh.run([
                "login", "--server", "http://127.0.0.1:1", "--user", "rita", "--token-file", othersToken.path,
            ])
            #expect(unreachable.status == 3 && unreachable.stderr.contains("cannot reach"), "\(unreachable)")

            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let claim = claims[0].id
            let cases: [([String], String)] = [
                (["login", "--server", "ftp://x", "--user", "rita"], "http:// or https://"),
                (["show", "zzzz"], "no article 'zzzz'"),
                (["show", ""], "give an article id"),
                (["rate", claim, "maybe"], "not on the desk's scale"),
                (["rate", claim, "true", "--note", String(repeating: "x", count: 20_001)], "the limit is 20000"),
                (
                    ["rate", claim, "true", "--note", "x" + String(repeating: "\u{0301}\u{0323}", count: 16)],
                    "--note has more than 30 combining marks in a row"
                ),
                (["rate", claim, "true", "--confidence", "150"], "between 0 and 1"),
                (["rate", claim, "true", "--confidence", "nan"], "between 0 and 1"),
                (["rate", claim, "true", "--evidence", "ftp://example.org/x"], "http:// or https:// URL"),
                (["rate", "nope", "true"], "no claim 'nope'"),
                (["unrate", claims[1].id], "no verdict on claim"),
                (["claim", "add", article.id, "--quote", "not in the text"], "does not appear"),
                (["claim", "add", article.id, "--quote", "111 drones", "--occurrence", "2"], "no occurrence 2"),
                (["claim", "add", article.id, "--quote", "111 drones", "--occurrence", "0"], "counts from 1"),
                (["resolve", claim, "--mine", "--theirs"], "exactly one of --mine or --theirs"),
                (["resolve", claim, "--mine"], "has no conflict"),
                (["review"], "needs a terminal"),
                (["push", "--cacert", "/nonexistent.pem"], "cannot read the CA bundle"),
                (["frobnicate"], "Unexpected argument"),
            ]
            for (arguments, message) in cases {
                let result = try await rita.run(arguments)
                #expect(result.status != 0, "\(arguments): \(result)")
                #expect(result.stderr.contains(message), "\(arguments): \(result)")
            }
            // A prefix shared by two articles is ambiguous.
            let erin = server.client("erin")
            var ids: [String] = []
            for _ in 0..<40 { ids.append(try await erin.createArticle().id) }
            try await rita.ok(["pull"])
            let prefixes = Dictionary(grouping: ids + [article.id], by: { String($0.prefix(1)) })
            let shared = try #require(prefixes.first { $0.value.count > 1 }?.key)
            let ambiguous = try await rita.run(["show", shared])
            #expect(ambiguous.status != 0 && ambiguous.stderr.contains("ambiguous"), "\(ambiguous)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func reRatingKeepsWhatItDoesNotName(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, claims) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let claim = String(claims[0].id.prefix(8))
            func verdict() async throws -> VerdictInput? {
                try await rita.json(ShownArticle.self, ["show", article.id]).claims.first {
                    $0.claim.id == claims[0].id
                }?.verdict
            }
            try await rita.ok([
                "rate", claim, "false", "--confidence", "90", "--note", "two sources", "--evidence",
                "https://example.org/a",
            ])
            #expect(try await verdict()?.confidence == 0.9, "90 means 90%")
            try await rita.ok(["rate", claim, "mostly-false"])
            var now = try #require(try await verdict())
            #expect(now.label == "mostly-false" && now.confidence == 0.9 && now.rationale == "two sources")
            #expect(now.evidence?.map(\.url) == ["https://example.org/a"])

            try await rita.ok(["rate", claim, "3", "--evidence", "https://example.org/b", "--confidence", "0.7"])
            now = try #require(try await verdict())
            #expect(now.label == "mixed", "3 is the scale's third label, as review numbers them")
            #expect(
                now.evidence?.map(\.url) == ["https://example.org/a", "https://example.org/b"] && now.confidence == 0.7)
            #expect(now.rationale == "two sources")

            try await rita.ok(["rate", claim, "Mostly TRUE", "--clear-note", "--clear-evidence"])
            now = try #require(try await verdict())
            #expect(now.label == "mostly-true" && now.rationale == nil && now.evidence == nil && now.confidence == 0.7)
            let both = try await rita.run(["rate", claim, "true", "--note", "x", "--clear-note"])
            #expect(both.status != 0 && both.stderr.contains("not both"), "\(both)")

            // What the server stores after the push is what the workspace showed.
            try await rita.ok(["push"])
            let stored = try await Self.serverVerdicts(server).values.first { $0.claimId == claims[0].id }
            #expect(stored?.label == "mostly-true" && stored?.confidence == 0.7 && stored?.rationale == "")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aQuoteMatchesDespiteTypographyAndAnAmbiguousOneListsItsPlaces(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, _) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            // Typed with a hyphen-minus and straight quotes; the article has a minus sign and curly quotes.
            let loose = try await rita.run(["claim", "add", article.id, "--quote", "fell to -24 °C", "--json"])
            #expect(loose.status == 0 && loose.stderr.contains("the article's own text"), "\(loose)")
            #expect(try loose.decode(ShownArticle.Rated.LocalClaim.self).quote == "fell to −24 °C")
            let curly = try await rita.run(["claim", "add", article.id, "--quote", "\"We are freezing"])
            #expect(curly.status == 0, "\(curly)")

            let ambiguous = try await rita.run(["claim", "add", article.id, "--quote", "would end on February 1"])
            #expect(ambiguous.status == 1 && ambiguous.stderr.contains("appears 2 times"), "\(ambiguous)")
            #expect(ambiguous.stderr.contains("  1  ") && ambiguous.stderr.contains("  2  "), "\(ambiguous)")
            #expect(ambiguous.stderr.contains("[>would end on February 1<]"), "each place with its context")
            #expect(ambiguous.stderr.contains("--occurrence N"))
            let picked = try await rita.run([
                "claim", "add", article.id, "--quote", "would end on February 1", "--occurrence", "2", "--json",
            ])
            #expect(picked.status == 0, "\(picked)")
            #expect(try await rita.json(ClientStatus.self, ["status"]).pending == 3)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func claimsAreWithdrawnAndOrphansReattachedFromTheTerminal(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, claims) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            // Marked here and never pushed: forgotten at once.
            try await rita.ok(["claim", "add", article.id, "--quote", "one ballistic missile"])
            let local = try await rita.json(ShownArticle.self, ["show", article.id]).claims.first { $0.claim.pending }
            #expect(try await rita.ok(["claim", "withdraw", local!.claim.id]).contains("Forgot"))
            #expect(try await rita.json(ClientStatus.self, ["status"]).pending == 0)

            // Her own pushed claim, rated by no one else: withdrawn on the server with the next push.
            let own = try await server.client("rita").createClaim(articleId: article.id, quote: "one ballistic missile")
            try await rita.ok(["pull"])
            try await rita.ok(["claim", "withdraw", own.id])
            #expect(
                try await rita.json(ShownArticle.self, ["show", article.id]).claims.allSatisfy { $0.claim.id != own.id }
            )
            try await rita.ok(["push"])
            #expect(try await server.client("ada").get("/v1/claims/\(own.id)").decode(Claim.self).status == .withdrawn)

            // Someone else's claim: refused at once (the pulled copy shows who marked it), nothing queued.
            let refused = try await rita.run(["claim", "withdraw", claims[0].id])
            #expect(
                refused.status == 5 && refused.stderr.contains("only editors and admins can withdraw"), "\(refused)")
            #expect(try await rita.json(ClientStatus.self, ["status"]).pending == 0)
            let notHers = try await rita.run(["claim", "reattach", claims[0].id, "--quote", "111 drones"])
            #expect(notHers.status == 5 && notHers.stderr.contains("only editors and admins"), "\(notHers)")

            // An editor re-attaches a claim a correction orphaned.
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            var input = Fixtures.article(body: article.body.replacingOccurrences(of: "111 drones", with: "112 drones"))
            input.title = article.title
            let fixed = try await server.client("erin").send(
                "PUT", "/v1/articles/\(article.id)", json: input, headers: ["If-Match": "\"\(article.version)\""])
            #expect(fixed.status == 200, "\(fixed.text)")
            try await erin.ok(["pull"])
            let orphan = try #require(claims.first { $0.quote == "111 drones" })
            let notOrphan = try await erin.run(["claim", "reattach", claims[1].id, "--quote", "112 drones"])
            #expect(notOrphan.status == 1 && notOrphan.stderr.contains("not orphaned"), "\(notOrphan)")
            try await erin.ok(["claim", "reattach", orphan.id, "--quote", "112 drones"])
            let before = try await erin.json(ShownArticle.self, ["show", article.id]).claims.first {
                $0.claim.id == orphan.id
            }
            #expect(before?.claim.quote == "112 drones", "the re-attachment shows before the push")
            try await erin.ok(["push"])
            let attached = try await server.client("ada").get("/v1/claims/\(orphan.id)").decode(Claim.self)
            #expect(attached.anchoring == .moved && attached.quote == "112 drones" && attached.revision == 2)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func serverMessagesReachTheUserVerbatim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await server.store.setDisabled(true, user: "rita")
            let refused = try await rita.run(["pull"])
            #expect(refused.status == 4, "\(refused)")
            #expect(
                refused.stderr.contains("the token is not valid: unknown, revoked, or its user is disabled"),
                "\(refused)")
            #expect(refused.stderr.contains("verdict login"), "\(refused)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aPushKilledMidwayLosesNothingAndAppliesNothingTwice(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let claims = try await Self.claims(server, articles: 20)
            // The client talks through a relay that holds the answer to its sixth push: the server applies it, the
            // client is killed before it learns so (on any machine, however fast), and must not apply it twice.
            let relay = try HoldingRelay(
                to: server.port, holding: .answer, after: 5, requestsStartingWith: "POST /v1/push ")
            defer { relay.close() }
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server, at: "http://127.0.0.1:\(relay.port)")
            try await rita.ok(["pull"])
            for (index, claim) in claims.enumerated() {
                try await rita.ok(["rate", claim, index % 2 == 0 ? "true" : "false"])
            }
            let running = try rita.start(["push"], environment: ["VERDICT_PUSH_BATCH": "1"])
            let held = try await offThePool { relay.waitUntilHolding(timeout: 60) }
            kill(running.processIdentifier, SIGKILL)
            _ = try await rita.finish(running)
            let applied = try await Self.serverVerdicts(server).count
            #expect(held && applied == 6, "killed midway (\(applied) of \(claims.count) applied)")
            #expect(try rita.integrityCheck() == "ok")
            relay.release()

            let resumed = try await rita.ok(["push"])
            #expect(resumed.contains("applied"), "\(resumed)")
            #expect(try await rita.json(ClientStatus.self, ["status"]).pending == 0)
            let verdicts = try await Self.serverVerdicts(server).values
            #expect(verdicts.count == claims.count)
            #expect(Set(verdicts.map(\.claimId)) == Set(claims), "one verdict per claim")
            #expect(verdicts.allSatisfy { $0.version == 1 }, "nothing applied twice")
            let changes = try await server.client("ada").allChanges().filter { $0.type == .verdict }
            #expect(changes.count == claims.count)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aLongPullShowsProgressOnATerminalOnly(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claims) = try await Self.seed(server)
            let ravi = server.client("ravi")
            for round in 0..<200 {
                _ = try await ravi.push(
                    claims.map { claim in
                        Mutation(
                            mutationId: RecordID.make(), type: .verdict, op: .put, id: "p-\(claim.id.prefix(8))",
                            baseVersion: round == 0 ? nil : round,
                            record: .verdict(VerdictInput(claimId: claim.id, label: round % 2 == 0 ? "true" : "false")))
                    })
            }
            // An editor: every verdict reaches their workspace (blind review hides others' from reviewers).
            let editor = try ClientWorkspace(user: "erin")
            try await editor.login(server)
            let session = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) pull",
                // No wait before the bar: the test holds on a machine fast enough to pull in under a second.
                environment: editor.environment(["VERDICT_PULL_PAGE": "1", "VERDICT_PROGRESS_DELAY": "0"]))
            #expect(try await session.waitForExit(timeout: 120) == 0, "\(session.text)")
            #expect(session.text.contains("pulling ") && session.text.contains(" changes"), "\(session.text)")
            #expect(session.text.contains("Pulled 403 changes"), "\(session.text)")

            let piped = try ClientWorkspace(user: "erin")
            try await piped.login(server)
            let quiet = try await piped.run(
                ["pull"], environment: ["VERDICT_PULL_PAGE": "1", "VERDICT_PROGRESS_DELAY": "0"])
            #expect(quiet.status == 0 && !quiet.stderr.contains("pulling"), "no bar without a terminal: \(quiet)")
        }
    }

    // SQLite only: it restores a backup file that `SQLiteStore.backup` made.
    @Test func aRestoredServerIsPulledAfreshAndLocalEditsSurvive() async throws {
        let first = try await TestServer.start()
        let (_, claims) = try await Self.seed(first)
        // An editor: every verdict reaches their workspace (blind review hides others' from reviewers).
        let editor = try ClientWorkspace(user: "erin")
        try await editor.login(first)
        try await editor.ok(["pull"])
        let backup = try makeTemporaryDirectory()
        try SQLiteStore.backup(
            databaseAt: first.databasePath, to: backup.appendingPathComponent("verdict.sqlite").path)
        // After the backup: ravi rates, and editor sees it.
        #expect(try await first.client("ravi").putVerdict(claimId: claims[0].id, label: "false").status == 201)
        try await editor.ok(["pull"])
        #expect(try editor.serverVerdicts().count == 1)
        try await editor.ok(["rate", claims[1].id, "true"])
        let port = first.port
        let tokens = first.tokens
        try await first.stop()

        // The desk restores the backup: ravi's verdict is gone from the server, so it must go from editor's copy.
        let restored = try await TestServer.start(directory: backup, existingTokens: tokens, port: port)
        let pulled = try await editor.run(["pull"])
        #expect(pulled.status == 0 && pulled.stderr.contains("pulling everything again"), "\(pulled)")
        #expect(try editor.serverVerdicts().isEmpty)
        #expect(try await editor.ok(["push"]).contains("1 applied"), "the local edit survived")
        try await editor.ok(["pull"])
        #expect(try editor.serverVerdicts() == (try await Self.serverVerdicts(restored)))
        try await restored.stop()
    }

    @Test(arguments: TestBackend.allCases)
    func aRejectedEditIsKeptUntilDroppedOrSentAgain(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (_, claims) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            try await rita.ok(["rate", claims[0].id, "true"])
            try await rita.ok(["rate", claims[1].id, "false"])
            // Meanwhile the editor withdraws both claims.
            let erin = server.client("erin")
            for claim in claims {
                let withdrawn = try await erin.request(
                    "DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""])
                #expect(withdrawn.status == 200)
            }
            let pushed = try await rita.run(["push"])
            #expect(pushed.status == 2 && pushed.stdout.contains("2 rejected"), "\(pushed)")
            let status = try await rita.run(["status"])
            #expect(status.stdout.contains("withdrawn"), "the server's reason is shown: \(status)")

            try await rita.ok(["resolve", claims[0].id, "--theirs"])
            // The editor restores the second claim; rita sends her edit again.
            var restore = ClaimInput(articleId: claims[1].articleId, quote: claims[1].quote, status: .active)
            restore.revision = claims[1].revision
            let restored = try await erin.send(
                "PUT", "/v1/claims/\(claims[1].id)", json: restore, headers: ["If-Match": "\"2\""])
            #expect(restored.status == 200)
            try await rita.ok(["resolve", claims[1].id, "--mine"])
            #expect(try await rita.ok(["push"]).contains("1 applied"))
            let state = try await rita.json(ClientStatus.self, ["status"])
            #expect(state.pending == 0 && state.rejected == 0)
            let verdicts = try await Self.serverVerdicts(server).values
            #expect(verdicts.map(\.claimId) == [claims[1].id])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aPushOverTheServersBodyLimitIsSentInSmallerBatches(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.maxBodyBytes = 4_096
        try await withServer(config: config, backend: backend) { server in
            let claims = try await Self.claims(server, articles: 8)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let note = String(repeating: "A long rationale with sources. ", count: 8)
            for claim in claims { try await rita.ok(["rate", claim, "mixed", "--note", note]) }
            let pushed = try await rita.ok(["push"])
            #expect(pushed.contains("\(claims.count) applied"), "\(pushed)")
            #expect(try await Self.serverVerdicts(server).count == claims.count)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aPullNeverOverwritesAPendingEdit(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, claims) = try await Self.seed(server)
            let laptop = try ClientWorkspace(user: "rita")
            let phone = try ClientWorkspace(user: "rita")
            try await laptop.login(server)
            // The phone logs in with the token from the environment rather than a file.
            let login = try await phone.run(
                ["login", "--server", server.baseURL, "--user", "rita"],
                environment: ["VERDICT_TOKEN": server.tokens["rita"]!])
            #expect(login.status == 0, "\(login)")
            try await laptop.ok(["pull"])
            try await laptop.ok(["rate", claims[0].id, "true"])
            try await laptop.ok(["push"])
            try await phone.ok(["pull"])
            try await phone.ok(["rate", claims[0].id, "mixed"])
            try await laptop.ok(["rate", claims[0].id, "false"])
            try await laptop.ok(["push"])
            try await phone.ok(["pull"])
            let mine = try await phone.json(ShownArticle.self, ["show", article.id]).claims.first {
                $0.claim.id == claims[0].id
            }
            #expect(mine?.verdict?.label == "mixed" && mine?.editState == "pending", "the pull kept the phone's edit")
            #expect(try await phone.run(["push"]).status == 2, "and pushing it meets the laptop's as a conflict")
            let log = try await phone.ok(["log", claims[0].id])
            #expect(log.contains("true") && log.contains("false") && log.contains("mixed"), "\(log)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func colorOnlyOnATerminalAndNeverWithNoColor(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let (article, _) = try await Self.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let piped = try await rita.ok(["show", article.id])
            #expect(!piped.contains("\u{1B}["), "no escape codes into a pipe")
            var environment = rita.environment()
            environment.removeValue(forKey: "NO_COLOR")
            let colored = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) show \(article.id)", environment: environment)
            #expect(try await colored.waitForExit() == 0)
            #expect(colored.text.contains("\u{1B}[1;4;33m"), "claims highlighted on a terminal: \(colored.text)")
            environment["NO_COLOR"] = "1"
            let plain = try ClientReviewTests.TerminalSession(
                command: "\(ClientWorkspace.binary.path) show \(article.id)", environment: environment)
            #expect(try await plain.waitForExit() == 0)
            #expect(!plain.text.contains("\u{1B}["), "NO_COLOR respected: \(plain.text)")
            #expect(plain.text.contains("[1>111 drones<1]"), "\(plain.text)")
        }
    }

    @Test func tlsIsVerifiedUnlessTheCAIsGiven() async throws {
        let folder = try makeTemporaryDirectory()
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let made = try await offThePool {
            try ProcessRunner.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                ])
        }
        #expect(made == 0)
        let port = try freePort()
        let tlsServer = SpawnedProcess()
        tlsServer.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        tlsServer.arguments = ["s_server", "-accept", "\(port)", "-cert", cert, "-key", key, "-www", "-quiet"]
        tlsServer.standardOutput = FileHandle.nullDevice
        tlsServer.standardError = FileHandle.nullDevice
        tlsServer.standardInput = FileHandle.nullDevice
        try tlsServer.run()
        defer {
            // s_server ignores SIGTERM.
            kill(tlsServer.processIdentifier, SIGKILL)
            tlsServer.waitUntilExit()
        }
        // Wait until it accepts connections (a slow machine may take a while to start it).
        var ready = false
        for _ in 0..<200 where !ready {
            ready = canConnect(port: port)
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready, "openssl s_server did not start")

        let client = try ClientWorkspace(user: "rita")
        let token = folder.appendingPathComponent("token").path
        try Data("vdt_\(String(repeating: "a", count: 64))".utf8).write(to: URL(fileURLWithPath: token))
        let arguments = ["login", "--server", "https://127.0.0.1:\(port)", "--user", "rita", "--token-file", token]
        let refused = try await client.run(arguments)
        #expect(refused.status != 0 && refused.stderr.contains("TLS failed"), "\(refused)")
        #expect(refused.stderr.contains("--cacert"), "\(refused)")
        // Trusting the private CA gets past TLS (the test server then answers with a page, not the API).
        let trusted = try await client.run(arguments + ["--cacert", cert])
        #expect(trusted.status != 0 && !trusted.stderr.contains("TLS failed"), "\(trusted)")
        #expect(trusted.stderr.contains("could not be read"), "\(trusted)")
    }

    @Test(arguments: TestBackend.allCases)
    func theWorkspaceFolderCanBeChosenAndTheTokenIsPrivate(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let rita = try ClientWorkspace(user: "rita")
            let chosen = try makeTemporaryDirectory().appendingPathComponent("desk-workspace")
            let tokenFile = rita.dataHome.appendingPathComponent("token.txt")
            try Data(server.tokens["rita"]!.utf8).write(to: tokenFile)
            try await rita.ok([
                "login", "--server", server.baseURL, "--user", "rita", "--token-file", tokenFile.path, "--workspace",
                chosen.path,
            ])
            let token = chosen.appendingPathComponent("token").path
            let mode = try FileManager.default.attributesOfItem(atPath: token)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the stored token is readable by its owner only")
            #expect(try await rita.ok(["pull", "--workspace", chosen.path]).contains("Pulled"))
            // The same folder through the environment.
            let viaEnvironment = try await rita.run(
                ["status", "--json"], environment: ["VERDICT_WORKSPACE": chosen.path])
            #expect(viaEnvironment.status == 0 && viaEnvironment.stdout.contains(chosen.path), "\(viaEnvironment)")
            let missing = try await rita.run(["status", "--workspace", "/nonexistent/place"])
            #expect(missing.status != 0 && missing.stderr.contains("no workspace at /nonexistent/place"), "\(missing)")
        }
    }

    @Test func helpIsThereForEveryCommand() async throws {
        let client = try ClientWorkspace(user: "rita")
        for command in [
            [], ["login"], ["pull"], ["push"], ["sync"], ["status"], ["articles"], ["show"], ["claim"],
            ["claim", "add"], ["claim", "withdraw"], ["claim", "reattach"],
            ["rate"], ["unrate"], ["review"], ["conflicts"], ["resolve"], ["log"], ["agreement"], ["export"],
        ] {
            let result = try await client.run(command + ["--help"])
            #expect(result.status == 0, "\(command): \(result)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
    }
}
