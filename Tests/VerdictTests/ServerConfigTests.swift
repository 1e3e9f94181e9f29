import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// The configuration file: its `desk` and `consensus` keys fill one ``DeskInfo``.
@Suite struct ServerConfigTests {
    static func load(_ json: String) throws -> ServerConfig {
        let file = try makeTemporaryDirectory().appendingPathComponent("config.json")
        try Data(json.utf8).write(to: file)
        return try ServerConfig.load(path: file.path)
    }

    @Test func theDeskAndItsPolicyComeFromTheirOwnKeys() throws {
        let config = try Self.load(
            """
            {"desk": {"name": "Harbor Fact Desk", "url": "https://factcheck.example.org"},
             "consensus": {"minimumVerdicts": 2, "threshold": 0.8}}
            """)
        #expect(
            config.desk
                == DeskInfo(
                    name: "Harbor Fact Desk", url: "https://factcheck.example.org",
                    consensus: Consensus.Policy(minimumVerdicts: 2, threshold: 0.8)))
    }

    @Test func theClaimReviewAddressIsATemplateWithTheClaimsID() throws {
        let config = try Self.load(
            #"{"desk": {"name": "D", "claimReviewURL": "https://d.example.org/checks/{claimId}"}}"#)
        #expect(config.desk.reviewURL(claim: "c-1") == "https://d.example.org/checks/c-1")
        #expect(config.desk.claimReviewProblem == nil)
        #expect(ServerConfig().desk.claimReviewProblem?.contains("desk.claimReviewURL") == true)
        for bad in ["https://d.example.org/checks/", "ftp://d.example.org/{claimId}"] {
            #expect(throws: ConfigError.self) {
                try Self.load(#"{"desk": {"name": "D", "claimReviewURL": "\#(bad)"}}"#)
            }
        }
    }

    @Test func everyKeyIsOptional() throws {
        let defaults = DeskInfo(name: "Verdict desk", url: nil, consensus: Consensus.Policy())
        #expect(ServerConfig().desk == defaults)
        #expect(try Self.load("{}").desk == defaults)
        let named = try Self.load(#"{"desk": {"name": "Harbor Fact Desk"}}"#)
        #expect(named.desk == DeskInfo(name: "Harbor Fact Desk", url: nil, consensus: Consensus.Policy()))
        let strict = try Self.load(#"{"consensus": {"minimumVerdicts": 1, "threshold": 0.5}}"#)
        #expect(strict.desk.name == "Verdict desk" && strict.desk.consensus.minimumVerdicts == 1)
    }

    @Test func aDeskWithoutANameIsRefusedByName() throws {
        let error = try #require(throws: ConfigError.self) { try Self.load(#"{"desk": {"url": "https://x.org"}}"#) }
        #expect(error.description.hasSuffix("field 'desk.name' is missing"), "\(error)")
        let blank = try #require(throws: ConfigError.self) { try Self.load(#"{"desk": {"name": " "}}"#) }
        #expect(blank.description.hasSuffix("desk.name is empty"), "\(blank)")
    }
}
