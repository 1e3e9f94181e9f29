import Foundation
import HTTPTypes
import Testing
import VerdictShared

@testable import VerdictServer

/// `If-Match` and `If-None-Match` as docs/PROTOCOL.md describes them: the forms read, and what each does.
@Suite struct ETagTests {
    static func fields(ifNoneMatch value: String) -> HTTPFields { [.ifNoneMatch: value] }

    @Test func ifNoneMatchForms() throws {
        #expect(try ETag.ifNoneMatch([:]) == .none)
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: "*")) == .any)
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: " * ")) == .any)
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: "\"3\"")) == .versions([3]))
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: "W/\"3\"")) == .versions([3]))
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: "3")) == .versions([3]))
        #expect(try ETag.ifNoneMatch(Self.fields(ifNoneMatch: "\"3\", W/\"4\",\"7\"")) == .versions([3, 4, 7]))
        for bad in ["\"abc\"", "*, \"3\"", "\"0\"", "\"-1\"", "\"+3\"", "W/", "\"3\",", "\"3", "W/3x", "\"\""] {
            #expect(throws: APIError.self, "\(bad)") { try ETag.ifNoneMatch(Self.fields(ifNoneMatch: bad)) }
        }
    }

    @Test func weakComparisonMatchesTheCurrentVersionOnly() throws {
        #expect(ETag.NoneMatch.versions([2, 3]).isMatched(byCurrent: 3))
        #expect(!ETag.NoneMatch.versions([2]).isMatched(byCurrent: 3))
        #expect(!ETag.NoneMatch.versions([2]).isMatched(byCurrent: nil))
        #expect(ETag.NoneMatch.any.isMatched(byCurrent: 1))
        #expect(!ETag.NoneMatch.any.isMatched(byCurrent: nil))
        #expect(!ETag.NoneMatch.none.isMatched(byCurrent: 1))
    }

    @Test func ifMatchForms() throws {
        #expect(try ETag.ifMatch([:]) == .none)
        #expect(try ETag.ifMatch([.ifMatch: "*"]) == .any)
        for form in ["\"3\"", "W/\"3\"", "3"] { #expect(try ETag.ifMatch([.ifMatch: form]) == .version(3)) }
        for bad in ["\"abc\"", "\"0\"", "\"+3\"", "\"3\", \"4\""] {
            #expect(throws: APIError.self, "\(bad)") { try ETag.ifMatch([.ifMatch: bad]) }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReadWhoseIfNoneMatchNamesTheCurrentVersionIsNotModified(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            for path in ["/v1/articles/\(article.id)", "/v1/claims/\(claim.id)"] {
                for header in ["\"1\"", "W/\"1\"", "\"7\", W/\"1\"", "*"] {
                    let result = try await erin.get(path, headers: ["If-None-Match": header])
                    #expect(result.status == 304, "\(path) \(header): \(result.status)")
                    #expect(result.header("ETag") == "\"1\"" && result.body.isEmpty)
                }
                let changed = try await erin.get(path, headers: ["If-None-Match": "\"2\", \"3\""])
                #expect(changed.status == 200 && changed.etagVersion == 1)
                let bad = try await erin.get(path, headers: ["If-None-Match": "\"v1\""])
                #expect(bad.status == 400 && bad.error?.message.contains("If-None-Match") == true)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aWriteWhoseIfNoneMatchNamesTheCurrentVersionFails(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let path = "/v1/articles/\(article.id)"
            var input = Fixtures.article(body: article.body)
            input.title = "Strike pause disputed, corrected"
            let refused = try await erin.send(
                "PUT", path, json: input, headers: ["If-Match": "\"1\"", "If-None-Match": "W/\"1\""])
            #expect(refused.status == 412 && refused.error?.code == "exists", "\(refused.text)")
            #expect(refused.error?.current?.version == 1)
            let applied = try await erin.send(
                "PUT", path, json: input, headers: ["If-Match": "\"1\"", "If-None-Match": "\"2\", \"3\""])
            #expect(applied.status == 200 && applied.etagVersion == 2, "\(applied.text)")
            let created = try await erin.send(
                "PUT", "/v1/articles/\(RecordID.make())", json: Fixtures.article(body: Fixtures.uniqueBody()),
                headers: ["If-None-Match": "\"1\""])
            #expect(created.status == 201, "a record that does not exist matches no version: \(created.text)")
            let bad = try await erin.send(
                "PUT", path, json: input, headers: ["If-Match": "\"2\"", "If-None-Match": "*, 1"])
            #expect(bad.status == 400)
        }
    }
}
