import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// Every class of bad input gets a 4xx with a JSON error that names the problem; never a 500 or a hang.
@Suite struct BadInputTests {
    @Test(arguments: TestBackend.allCases)
    func malformedBodies(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let rita = server.client("rita")
            let claimPath = "/v1/claims"
            let cases: [(String, String, String)] = [
                (claimPath, "{", "not valid JSON"),
                (claimPath, "", "empty"),
                (claimPath, "[]", "must be an object"),
                (claimPath, #"{"articleId": 5, "quote": "x"}"#, "'articleId' must be a string"),
                (claimPath, #"{"articleId": "a"}"#, "'quote' is missing"),
                (claimPath, #"{"articleId": "a", "quote": null}"#, "'quote'"),
                (claimPath, #"{"articleId": "a", "quote": "x", "start": "3", "end": 4}"#, "'start' must be an integer"),
                (
                    "/v1/verdicts/v1", #"{"claimId": "c", "label": "true", "confidence": "high"}"#,
                    "'confidence' must be a number"
                ),
                ("/v1/verdicts/v1", #"{"claimId": "c", "label": "true", "evidence": {"url": "x"}}"#, "'evidence'"),
                ("/v1/push", #"{"mutations": 3}"#, "'mutations'"),
                ("/v1/push", #"{"mutations": [{"type": "verdict"}]}"#, "'mutations[0].mutationId' is missing"),
            ]
            for (path, body, message) in cases {
                let method = path.hasPrefix("/v1/verdicts") ? "PUT" : "POST"
                let result = try await rita.send(method, path, raw: body)
                #expect(result.status == 400, "\(path) \(body): \(result.status) \(result.text)")
                #expect(result.error?.message.contains(message) == true, "\(body): \(result.text)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func invalidUTF8(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            var bytes = Data(#"{"articleId": "a", "quote": ""#.utf8)
            bytes.append(contentsOf: [0xC3, 0x28, 0xFF])
            bytes.append(contentsOf: Data(#""}"#.utf8))
            let result = try await server.client("rita").request("POST", "/v1/claims", body: bytes)
            #expect(result.status == 400)
            #expect(result.error?.message.contains("not valid UTF-8") == true, "\(result.text)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func oversizedBodiesGet413(backend: TestBackend) async throws {
        var config = ServerConfig()
        config.maxBodyBytes = 4096
        try await withServer(config: config, backend: backend) { server in
            let big = Fixtures.article(body: String(repeating: "Long text. ", count: 2000))
            let result = try await server.client("erin").send("POST", "/v1/articles", json: big)
            #expect(result.status == 413)
            #expect(result.error?.message.contains("larger") == true)
            // The server is still fine afterwards.
            #expect(try await server.client("erin").get("/v1/me").status == 200)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func unknownIDsAndEndpoints(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let rita = server.client("rita")
            for path in [
                "/v1/articles/nope", "/v1/claims/nope", "/v1/verdicts/nope", "/v1/articles/nope/revisions",
                "/v1/articles/%F0%9F%A5%B6", "/v1/nothing-here",
            ] {
                let result = try await rita.get(path)
                #expect(result.status == 404, "\(path)")
                #expect(result.error?.code == "not-found", "\(path): \(result.text)")
            }
            let withoutVersion = try await rita.request("DELETE", "/v1/verdicts/nope")
            #expect(withoutVersion.status == 428)
            let missing = try await rita.request("DELETE", "/v1/verdicts/nope", headers: ["If-Match": "\"1\""])
            #expect(missing.status == 404)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badQueryAndHeaderValues(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let rita = server.client("rita")
            for path in [
                "/v1/changes?since=-1", "/v1/changes?since=abc", "/v1/changes?limit=0", "/v1/articles?limit=x",
            ] {
                let result = try await rita.get(path)
                #expect(result.status == 400, "\(path)")
                #expect(result.error?.message.contains("query parameter") == true)
            }
            let article = try await server.client("erin").createArticle()
            let badTag = try await server.client("erin").send(
                "PUT", "/v1/articles/\(article.id)", json: Fixtures.article(), headers: ["If-Match": "\"v1\""])
            #expect(badTag.status == 400)
            #expect(badTag.error?.message.contains("If-Match") == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badArticleFields(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let cases: [(ArticleInput, String)] = [
                (ArticleInput(title: " ", body: "text"), "title must not be empty"),
                (ArticleInput(title: "T", body: "\n\n"), "body must not be empty"),
                (ArticleInput(title: "T", url: "javascript:alert(1)", body: "x1"), "url"),
                (ArticleInput(title: "T", published: "2026-02-30", body: "x2"), "published"),
                (ArticleInput(title: "T\u{0}", body: "x3"), "control character"),
                (ArticleInput(id: "bad id!", title: "T", body: "x4"), "id 'bad id!'"),
            ]
            for (input, message) in cases {
                let result = try await erin.send("POST", "/v1/articles", json: input)
                #expect(result.status == 400, "\(input)")
                #expect(result.error?.message.contains(message) == true, "\(result.text)")
            }
        }
    }

    /// Evidence addresses reach other reviewers' terminals: controls, spaces, direction marks and bad ports are
    /// refused, in a push as over REST; ordinary addresses (ports, IPv6, percent-encoding, IDN) still pass.
    @Test(
        arguments: TestBackend.allCases,
        [
            ("https://example.org/a\u{0}b", "U+0000"), ("https://example.org/\u{1B}[2J", "U+001B"),
            ("https://example.org/\u{7}", "U+0007"), ("https://example.org/a\r\nb", "U+000D"),
            ("https://example.org/a b", "U+0020"), ("https://example.org/\u{202E}fdp.exe", "U+202E"),
            ("https://exa\u{200B}mple.org/", "U+200B"), ("https://example.org:99999/", "port 99999"),
            ("https://example.org:0/", "port 0"), ("https://example.org:http/", "not an absolute"),
            ("https://example.org/a\u{85}b", "U+0085"), ("ftp://example.org/", "not an absolute"),
            ("https://example.org:8443/ok", ""), ("http://[2001:db8::1]:8080/x", ""), ("https://example.org/a%20b", ""),
            ("https://b\u{FC}cher.example/", ""),
        ])
    func evidenceAddressesAreStrict(backend: TestBackend, example: (url: String, message: String)) async throws {
        let (url, message) = example
        try await withServer(backend: backend) { server in
            let (_, claims) = try await ClientTests.seed(server)
            let rita = server.client("rita")
            let rest = try await rita.send(
                "PUT", "/v1/verdicts/\(RecordID.make())",
                json: VerdictInput(claimId: claims[0].id, label: "false", evidence: [Evidence(url: url)]))
            if message.isEmpty {
                #expect(rest.status == 201, "\(rest.text)")
                return
            }
            #expect(rest.status == 400 && rest.error?.message.contains(message) == true, "\(url): \(rest.text)")
            let pushed = try await rita.push([
                Mutation(
                    mutationId: "m", type: .verdict, op: .put, id: nil, baseVersion: nil,
                    record: .verdict(VerdictInput(claimId: claims[1].id, label: "true", evidence: [Evidence(url: url)]))
                )
            ])
            #expect(pushed.first?.status == .rejected && pushed.first?.reason?.contains(message) == true, "\(pushed)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aHalfWrittenChangeNeverHappens(backend: TestBackend) async throws {
        // A rejected mutation in the middle of a batch leaves no trace; its neighbours apply.
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let before = try await server.client("rita").allChanges()
            let results = try await server.client("rita").push([
                Mutation.verdict(claimId: claim.id, label: "true"),
                Mutation.verdict(claimId: claim.id, label: "no-such-label"),
                Mutation.verdict(claimId: "missing", label: "true"),
            ])
            #expect(results.map(\.status) == [.applied, .rejected, .rejected])
            let after = try await server.client("rita").allChanges()
            #expect(after.count == before.count + 1)
        }
    }
}

extension Mutation {
    static func verdict(
        id: String = RecordID.make(), claimId: String, label: String, confidence: Double? = nil,
        baseVersion: Int? = nil,
        mutationId: String = RecordID.make()
    ) -> Mutation {
        Mutation(
            mutationId: mutationId, type: .verdict, op: .put, id: id, baseVersion: baseVersion,
            record: .verdict(VerdictInput(claimId: claimId, label: label, confidence: confidence)))
    }
}
