import Foundation
import Testing

@testable import VerdictServer
@testable import VerdictShared

/// `GET /v1/export` in every format over a live server.
@Suite struct ExportAPITests {
    /// Two articles; claim A settled (3 x true), claim B disputed (tie), claim C with one verdict, claim D none.
    static func desk(_ server: TestServer) async throws -> [Claim] {
        let erin = server.client("erin")
        let first = try await erin.createArticle()
        var quoted = Fixtures.article(title: "Second, with \"quotes\", commas", body: Fixtures.uniqueBody())
        quoted.source = "Ledger, Evening Edition"
        let second = try await erin.createArticle(quoted)
        let claims = [
            try await erin.createClaim(articleId: first.id, quote: "111 drones"),
            try await erin.createClaim(articleId: first.id, quote: "one ballistic missile"),
            try await erin.createClaim(articleId: second.id, quote: "30 000 households lost heating"),
            try await erin.createClaim(articleId: second.id, quote: "−24 °C"),
        ]
        let votes: [(String, Int, String)] = [
            ("rita", 0, "true"), ("ravi", 0, "true"), ("ada", 0, "true"),
            ("rita", 1, "false"), ("ravi", 1, "mostly-true"),
            ("ada", 2, "unverifiable"),
        ]
        for (user, claim, label) in votes {
            let put = try await server.client(user).putVerdict(claimId: claims[claim].id, label: label)
            #expect(put.status == 201)
        }
        return claims
    }

    @Test(arguments: TestBackend.allCases)
    func jsonAndNDJSONCarryEveryClaimWithItsConsensus(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let claims = try await Self.desk(server)
            let response = try await server.client("erin").request("GET", "/v1/export?format=json&method=majority")
            #expect(response.status == 200, "\(response.text)")
            struct Envelope: Decodable {
                let method: String
                let claims: [ExportItem]
            }
            let export = try response.decode(Envelope.self)
            #expect(export.method == "majority")
            let byID = Dictionary(uniqueKeysWithValues: export.claims.map { ($0.claim.id, $0) })
            #expect(byID.count == 4)
            // Article by article, each in reading order.
            let readingOrder = claims.sorted { ($0.articleId, $0.start, $0.id) < ($1.articleId, $1.start, $1.id) }
            #expect(export.claims.map(\.claim.id) == readingOrder.map(\.id))
            // Each item's article alpha is the agreement report's for that article. Both articles have verdicts,
            // so both are in the report, and the first has enough of them for an alpha.
            let agreement = try await server.client("erin").request("GET", "/v1/agreement?method=majority")
                .decode(AgreementReport.self)
            let alphas = Dictionary(uniqueKeysWithValues: agreement.articles.map { ($0.article, $0.alpha) })
            #expect(Set(alphas.keys) == Set(export.claims.map(\.article.id)), "\(agreement.articles)")
            #expect(alphas[claims[0].articleId]?.nominal != nil)
            for item in export.claims {
                #expect(item.articleAlpha == alphas[item.article.id], "\(item.claim.id) in \(item.article.id)")
            }
            let settled = try #require(byID[claims[0].id])
            #expect(
                settled.status == .settled && settled.consensus.label == "true" && settled.consensus.probability == 1)
            #expect(settled.verdicts.map(\.reviewer) == ["ada", "ravi", "rita"])
            #expect(settled.distribution == ["true": 3])
            #expect(settled.article.title == "Strike pause disputed")
            #expect(byID[claims[1].id]?.status == .needsReview, "two verdicts are under the minimum of 3")
            #expect(byID[claims[1].id]?.consensus.label == nil, "a tie has no label")
            #expect(byID[claims[3].id]?.verdicts.isEmpty == true && byID[claims[3].id]?.status == .needsReview)

            let tied = try await server.client("ada").request(
                "GET", "/v1/export?format=ndjson&method=majority&minVerdicts=2")
            let lines = tied.text.split(separator: "\n")
            #expect(lines.count == 4)
            let items = try lines.map { try JSONDecoder().decode(ExportItem.self, from: Data($0.utf8)) }
            #expect(items.first { $0.claim.id == claims[1].id }?.status == .disputed)
            #expect(tied.header("Content-Type")?.hasPrefix("application/x-ndjson") == true)

            let fitted = try await server.client("erin").request("GET", "/v1/export")
            #expect(try fitted.decode(Envelope.self).method == "dawid-skene")
        }
    }

    /// The desk that once came out inverted: three reviewers, five claims, two of them unanimous on labels no
    /// other claim has. Every method keeps every clear majority, and ClaimReview publishes what the desk said.
    @Test(arguments: TestBackend.allCases)
    func aSmallDeskIsNeverOverruled(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        try await withServer(config: config, backend: backend) { server in
            let erin = server.client("erin")
            var claims: [Claim] = []
            for _ in 0..<2 {
                let article = try await erin.createArticle()
                for quote in ["111 drones", "one ballistic missile"] {
                    claims.append(try await erin.createClaim(articleId: article.id, quote: quote))
                }
            }
            let article = try await erin.createArticle()
            claims.append(try await erin.createClaim(articleId: article.id, quote: "111 drones"))
            let votes = [
                ["true", "true", "true"], ["unverifiable", "unverifiable", "unverifiable"],
                ["false", "false", "mostly-false"], ["false", "false", "false"], ["mixed", "false", "false"],
            ]
            for (claim, labels) in zip(claims, votes) {
                for (user, label) in zip(["rita", "ravi", "ada"], labels) {
                    #expect(try await server.client(user).putVerdict(claimId: claim.id, label: label).status == 201)
                }
            }
            struct Envelope: Decodable { let claims: [ExportItem] }
            let expected = [claims[0].id: "true", claims[1].id: "unverifiable"]
            for method in ["dawid-skene", "majority"] {
                let items = try await erin.request("GET", "/v1/export?format=json&method=\(method)")
                    .decode(Envelope.self).claims
                let labels = Dictionary(uniqueKeysWithValues: items.map { ($0.claim.id, $0.consensus.label) })
                #expect(labels[claims[0].id] == "true" && labels[claims[1].id] == "unverifiable", "\(method)")
                #expect(labels[claims[2].id] == "false" && labels[claims[3].id] == "false", "\(method)")
                #expect(labels[claims[4].id] == "false", "\(method)")
                let unanimous = items.filter { expected[$0.claim.id] != nil }
                #expect(unanimous.allSatisfy { $0.status == .settled && $0.consensus.probability > 0.9 }, "\(method)")
            }
            // Every claim here is settled: the editor publishes each from its consensus, with no reason needed.
            for claim in claims {
                let publish = try await erin.send(
                    "POST", "/v1/publications", json: PublicationInput(claimId: claim.id, summary: "Checked."))
                #expect(publish.status == 201, "\(publish.text)")
            }
            let reviews = try await erin.request("GET", "/v1/export?format=claimreview").decode(
                [ExportEncoder.ClaimReview].self)
            let published = reviews.map(\.reviewRating.alternateName)
            #expect(reviews.count == 5, "\(reviews.map(\.claimReviewed))")
            #expect(published.sorted() == ["False", "False", "False", "True", "Unverifiable"], "\(published)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func exportPagesHoldWholeArticlesInReadingOrder(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let claims = try await Self.desk(server)
            let snapshot = try await server.store.exportSnapshot(scale: .standard, method: .dawidSkene)
            let byArticle = Dictionary(grouping: claims, by: \.articleId)
            var seen: [String] = []
            var after: String?
            // A page of one claim still carries its whole article.
            while case let page = try await snapshot.claims(afterArticle: after, limit: 1), let last = page.last {
                let article = last.article.id
                #expect(page.allSatisfy { $0.article.id == article })
                #expect(page.map(\.claim.id) == byArticle[article]!.sorted { $0.start < $1.start }.map(\.id))
                seen.append(article)
                after = article
            }
            #expect(seen == byArticle.keys.sorted())
        }
    }

    @Test(arguments: TestBackend.allCases)
    func csvIsOneQuotedRowPerClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let claims = try await Self.desk(server)
            let response = try await server.client("erin").request("GET", "/v1/export?format=csv&method=majority")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
            let rows = try Self.parseCSV(response.text)
            #expect(rows.count == 5, "a header and four claims")
            let header = rows[0]
            #expect(header.first == "claim_id" && header.contains("consensus_label") && header.contains("status"))
            #expect(rows.allSatisfy { $0.count == header.count })
            let column = { (name: String) in header.firstIndex(of: name)! }
            let second = try #require(rows.first { $0[0] == claims[2].id })
            #expect(second[column("article_title")] == "Second, with \"quotes\", commas")
            #expect(second[column("article_source")] == "Ledger, Evening Edition")
            #expect(second[column("reviewer_labels")] == "ada=unverifiable")
            #expect(second[column("revision")] == "1" && second[column("anchoring")] == "exact", "where it is anchored")
            #expect(response.text.contains("\"Second, with \"\"quotes\"\", commas\""), "RFC 4180 quoting")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func claimReviewItemsHaveEveryRequiredField(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk = DeskInfo(
            name: "Harbor Fact Desk", url: "https://factcheck.example.org/",
            consensus: Consensus.Policy(minimumVerdicts: 1, threshold: 0.7),
            claimReviewURL: "https://factcheck.example.org/checks/{claimId}")
        try await withServer(config: config, backend: backend) { server in
            let claims = try await Self.desk(server)
            let erin = server.client("erin")
            let nothing = try await erin.request("GET", "/v1/export?format=claimreview&method=majority")
            #expect(nothing.text == "[]\n", "nothing is published yet, settled or not")
            // The editor publishes A (true, the consensus) and C (unverifiable, one verdict: under the quorum).
            let publishA = try await erin.send(
                "POST", "/v1/publications",
                json: PublicationInput(claimId: claims[0].id, summary: "Three reviewers confirmed the count."))
            #expect(publishA.status == 201, "\(publishA.text)")
            let publishC = try await erin.send(
                "POST", "/v1/publications",
                json: PublicationInput(
                    claimId: claims[2].id, summary: "No record could confirm it.", claimAuthor: "Regional governor",
                    reason: "One careful review is enough for an unverifiable claim."))
            #expect(publishC.status == 201, "\(publishC.text)")
            let published = try await erin.request("GET", "/v1/export?format=claimreview&method=majority")
            #expect(published.header("Content-Type")?.hasPrefix("application/ld+json") == true)
            let reviews = try JSONSerialization.jsonObject(with: Data(published.text.utf8)) as! [[String: Any]]
            #expect(reviews.count == 2, "the two published claims; B (a tie) and D (no verdicts) are not")
            // Google's fact-check markup: claimReviewed, reviewRating (with alternateName) and url are required;
            // author, datePublished and itemReviewed (a Claim with author, datePublished, appearance) recommended;
            // a numeric rating comes with its scale (bestRating, worstRating) and stays inside it.
            for review in reviews {
                #expect(review["@context"] as? String == "https://schema.org")
                #expect(review["@type"] as? String == "ClaimReview")
                #expect((review["claimReviewed"] as? String)?.isEmpty == false)
                let id = try #require(claims.first { $0.quote == review["claimReviewed"] as? String }?.id)
                #expect(review["url"] as? String == "https://factcheck.example.org/checks/\(id)", "from the template")
                #expect(review["datePublished"] as? String == String(Timestamp.now().prefix(10)), "publication day")
                #expect((review["reviewBody"] as? String)?.isEmpty == false, "the editor's summary")
                let author = review["author"] as? [String: Any]
                #expect(
                    author?["@type"] as? String == "Organization" && author?["name"] as? String == "Harbor Fact Desk")
                let rating = try #require(review["reviewRating"] as? [String: Any])
                #expect(rating["@type"] as? String == "Rating")
                if let value = rating["ratingValue"] as? Int {
                    let best = try #require(rating["bestRating"] as? Int)
                    let worst = try #require(rating["worstRating"] as? Int)
                    #expect(best == 5 && worst == 1 && (worst...best).contains(value), "\(rating)")
                } else {
                    #expect(rating["ratingValue"] == nil && rating["bestRating"] == nil && rating["worstRating"] == nil)
                }
                #expect((rating["alternateName"] as? String)?.isEmpty == false)
                let itemAuthor = (review["itemReviewed"] as? [String: Any])?["author"] as? [String: Any]
                #expect((itemAuthor?["name"] as? String)?.isEmpty == false)
                let item = try #require(review["itemReviewed"] as? [String: Any])
                #expect(item["@type"] as? String == "Claim")
                #expect(item["datePublished"] as? String == "2026-01-30")
                let appearance = try #require((item["appearance"] as? [[String: Any]])?.first)
                #expect((appearance["url"] as? String)?.hasPrefix("https://example.org/test/") == true)
            }
            let ratings = Dictionary(
                uniqueKeysWithValues: reviews.map {
                    (($0["claimReviewed"] as! String), ($0["reviewRating"] as! [String: Any]))
                })
            #expect(ratings[claims[0].quote]?["ratingValue"] as? Int == 5, "true is the best rating")
            #expect(ratings[claims[2].quote]?["ratingValue"] == nil, "unverifiable has no place on the ordinal scale")
            #expect(ratings[claims[2].quote]?["alternateName"] as? String == "Unverifiable", "only its words")
            let speaker = reviews.first { $0["claimReviewed"] as? String == claims[2].quote }
                .flatMap { ($0["itemReviewed"] as? [String: Any])?["author"] as? [String: Any] }
            #expect(speaker?["@type"] as? String == "Person" && speaker?["name"] as? String == "Regional governor")
            let all = try await erin.request("GET", "/v1/export?format=claimreview&method=majority&all=true")
            #expect(all.status == 400 && all.text.contains("published verdicts only"), "\(all.text)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func claimReviewWithoutAPageAddressIsRefusedClearly(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            _ = try await Self.desk(server)
            let refused = try await server.client("erin").request("GET", "/v1/export?format=claimreview")
            #expect(refused.status == 409 && refused.error?.message.contains("desk.claimReviewURL") == true)
            #expect(try await server.client("erin").request("GET", "/v1/export?format=json").status == 200)
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            for offline in [false, true] {
                let result = try await erin.run(["export", "--format", "claimreview"] + (offline ? ["--offline"] : []))
                #expect(result.status == 1 && result.stderr.contains("set desk.claimReviewURL"), "\(result)")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anExportWithNothingToPublishSaysWhy(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        try await withServer(config: config, backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("erin").createClaim(articleId: article.id, quote: "111 drones")
            #expect(try await server.client("rita").putVerdict(claimId: claim.id, label: "true").status == 201)
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            for offline in [false, true] {
                let result = try await erin.run(["export", "--format", "claimreview"] + (offline ? ["--offline"] : []))
                #expect(result.status == 0 && result.stdout == "[]\n", "\(result)")
                #expect(result.stderr.contains("nothing to publish"), "\(result)")
                if offline { #expect(result.stderr.contains("1 need more verdicts"), "\(result)") }
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func exportsAreForEditorsAndBadParametersAreNamed(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            _ = try await Self.desk(server)
            #expect(try await server.client("rita").request("GET", "/v1/export").status == 403)
            #expect(try await server.client(nil).request("GET", "/v1/export").status == 401)
            for (query, message) in [
                ("format=xml", "'format' must be one of json, ndjson, csv, claimreview"),
                ("method=vote", "'method' must be one of"),
                ("threshold=2", "'threshold' must be a number from 0 to 1"),
                ("minVerdicts=0", "'minVerdicts' must be an integer"),
                ("all=true", "'all' is no longer taken"),
            ] {
                let response = try await server.client("erin").request("GET", "/v1/export?\(query)")
                #expect(response.status == 400 && response.text.contains(message), "\(query): \(response.text)")
            }
        }
    }

    /// A small RFC 4180 reader for the tests.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if quoted {
                if character == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex && text[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
            index = text.index(after: index)
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

/// `verdict export`, online and offline.
@Suite struct ClientExportTests {
    @Test(arguments: TestBackend.allCases)
    func offlineExportsEqualTheServersAndFailuresLeaveNoFile(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.desk = DeskInfo(
            name: "Harbor Fact Desk", url: "https://factcheck.example.org",
            consensus: Consensus.Policy(minimumVerdicts: 1, threshold: 0.6),
            claimReviewURL: "https://factcheck.example.org/checks/{claimId}")
        try await withServer(config: config, backend: backend) { server in
            let claims = try await ExportAPITests.desk(server)
            // A verdict with evidence and awkward text: the offline reader takes its fields out of stored JSON.
            let detailed = try await server.client("erin").send(
                "PUT", "/v1/verdicts/\(RecordID.make())",
                json: VerdictInput(
                    claimId: claims[3].id, label: "false", confidence: 0.1 + 0.2,
                    rationale: "tab\there, \"quoted\", −24 °C 🥶",
                    evidence: [
                        Evidence(url: "https://example.org/a?x=1&y=\"2\"", note: "n\"ote, Zelenskyi / Зеленський"),
                        Evidence(url: "https://example.org/b"),
                    ]))
            #expect(detailed.status == 201, "\(detailed.text)")
            let publish = try await server.client("erin").send(
                "POST", "/v1/publications",
                json: PublicationInput(
                    claimId: claims[0].id, summary: "Confirmed by “three” reviewers.", claimAuthor: "A spokesman"))
            #expect(publish.status == 201, "\(publish.text)")
            let erin = try ClientWorkspace(user: "erin")
            try await erin.login(server)
            try await erin.ok(["pull"])
            let folder = try makeTemporaryDirectory()
            for format in ["ndjson", "csv", "claimreview"] {
                for method in ["majority", "dawid-skene"] {
                    let online = folder.appendingPathComponent("\(format)-\(method)-online").path
                    let offline = folder.appendingPathComponent("\(format)-\(method)-offline").path
                    try await erin.ok(["export", "--format", format, "--method", method, "--out", online])
                    try await erin.ok(["export", "--format", format, "--method", method, "--out", offline, "--offline"])
                    let a = try String(contentsOfFile: online, encoding: .utf8)
                    let b = try String(contentsOfFile: offline, encoding: .utf8)
                    #expect(!a.isEmpty && a == b, "\(format) \(method) online and offline agree")
                }
            }
            let review = try String(
                contentsOfFile: folder.appendingPathComponent("claimreview-majority-offline").path, encoding: .utf8)
            #expect(review.contains("\"name\":\"Harbor Fact Desk\""), "the desk comes from the server: \(review)")
            let json = try await erin.ok(["export"])
            #expect(json.hasPrefix("{\"generatedAt\""), "standard output by default")

            // A reviewer may not export from the server: a clear error, and no file left behind.
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            let target = folder.appendingPathComponent("refused.json").path
            let refused = try await rita.run(["export", "--out", target])
            let says = refused.stderr
            #expect(refused.status == 5 && says.contains("exports from the server are for editors and admins"))
            #expect(says.contains("verdict export --offline") && !says.contains("/v1/"), "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: target))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.hasSuffix(".part")
            }
            #expect(leftovers.isEmpty)
            // Offline, a reviewer can compute it from the pulled copy.
            try await rita.ok(["pull"])
            #expect(try await rita.ok(["export", "--offline", "--format", "csv"]).hasPrefix("claim_id,"))
            #expect(try await rita.run(["export", "--format", "xml"]).status != 0)
        }
    }
}

@Suite struct ExportItemJSONTests {
    @Test(arguments: [true, false])
    func theWrittenJSONDecodesToTheSameItem(full: Bool) throws {
        let item = ExportItem(
            claim: .init(
                id: "c-1", revision: 2, anchoring: full ? .moved : .orphaned, quote: "“quoted” \"text\"\nwith a line",
                prefix: "a\\b", suffix: "🥶 \u{1}",
                start: 3, end: 40),
            article: .init(
                id: "a-1", title: "Title, with comma", source: "Src", url: full ? "https://x.org/a?b=1&c=2" : nil,
                published: full ? "2026-01-30" : nil),
            verdicts: full
                ? [
                    .init(
                        reviewer: "rita", label: "mostly-true", confidence: 0.1 + 0.2, rationale: "tab\there",
                        evidence: [Evidence(url: "https://e.org/1", note: "n\"ote"), Evidence(url: "https://e.org/2")],
                        updatedAt: "2026-02-01T10:00:00.000Z")
                ] : [],
            distribution: full ? ["mostly-true": 1, "false": 2] : [:],
            consensus: .init(method: "dawid-skene", label: full ? "false" : nil, probability: full ? 2.0 / 3 : 0),
            status: full ? .settled : .needsReview,
            articleAlpha: full ? .init(nominal: 0.5, ordinal: nil, interval: -0.25) : .init(),
            appearances: full
                ? [
                    .init(
                        claimId: "c-2", quote: "q \"2\"",
                        article: .init(id: "a-2", title: "T", source: "S", url: nil, published: "2026-01-29")),
                    .init(
                        claimId: "c-1", quote: "q",
                        article: .init(id: "a-1", title: "T", source: "", url: nil, published: nil)),
                ] : [])
        let decoded = try JSONDecoder().decode(ExportItem.self, from: Data(item.jsonText.utf8))
        #expect(decoded == item, "\(item.jsonText)")
    }
}
