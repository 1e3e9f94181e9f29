import Foundation
import Testing
import VerdictShared
import Yams

@testable import VerdictServer

/// Mutation ids follow one rule, `^[!-~]{1,128}$`, in the code, in the OpenAPI document and in the answers.
@Suite struct MutationIDTests {
    static let valid = [
        "a", "8c1e6f0a-0007", String(repeating: "~", count: 128), ##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##,
    ]
    static let invalid = ["", "a b", String(repeating: "a", count: 129), "café", "tab\there", "bell\u{7}", "\u{7F}"]

    @Test func theDocumentedPatternIsTheRuleTheServerApplies() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let properties = try #require((schemas["Mutation"] as? [String: Any])?["properties"] as? [String: Any])
        let pattern = try #require((properties["mutationId"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        for id in Self.valid + Self.invalid {
            let range = NSRange(id.startIndex..., in: id)
            let documented = regex.firstMatch(in: id, range: range) != nil
            #expect(documented == RecordID.isValidMutationID(id), "\(id.debugDescription)")
        }
    }

    @Test func aPushAppliesValidIdsAndRejectsOthersNamingTheRule() async throws {
        try await withServer { server in
            let article = try await server.client("erin").createArticle()
            let rita = server.client("rita")
            for (index, id) in Self.valid.enumerated() {
                let claim = try await rita.createClaim(articleId: article.id, quote: "111 drones")
                var mutation = Mutation.verdict(claimId: claim.id, label: "true")
                mutation.mutationId = id
                let result = try #require(try await rita.push([mutation]).first)
                #expect(result.status == .applied || result.code == "live-verdict-exists", "\(index): \(result)")
                #expect(result.mutationId == id)
            }
            for id in Self.invalid {
                var mutation = Mutation.verdict(claimId: "c", label: "true")
                mutation.mutationId = id
                let result = try #require(try await rita.push([mutation]).first)
                #expect(result.status == .rejected && result.code == "invalid", "\(id.debugDescription)")
                #expect(result.reason?.contains("^[!-~]{1,128}$") == true, "\(result.reason ?? "")")
                #expect(result.reason?.hasPrefix("mutations[0]: mutationId") == true)
            }
        }
    }
}
