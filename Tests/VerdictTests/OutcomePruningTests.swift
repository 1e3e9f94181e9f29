import Foundation
import GRDB
import Testing
import VerdictShared

@testable import VerdictServer

/// Remembered push outcomes are kept for a window long enough for any retry, then pruned in small batches: a
/// retry inside the window is answered from memory, one after it is decided afresh and never applied twice.
@Suite struct OutcomePruningTests {
    @Test func retriesInsideTheWindowAreAnsweredFromMemory() async throws {
        try await withServer { server in
            let (_, claims) = try await ClientTests.seed(server)
            let rita = server.client("rita")
            let mutations = (0..<25).map { index in
                Mutation.verdict(claimId: claims[index % claims.count].id, label: "true", mutationId: "m\(index)")
            }
            // One verdict per reviewer and claim: the first on each claim applies, the rest conflict.
            let first = try await rita.push(mutations)
            #expect(first.filter { $0.status == .applied }.count == claims.count)

            // Age all but the last five outcomes by 40 days.
            let old = Timestamp.format(Date().addingTimeInterval(-40 * 86_400))
            try await server.sqlite.pool.write { db in
                try db.execute(
                    sql: "UPDATE mutations SET created_at = ? WHERE mutation_id NOT IN ('m20','m21','m22','m23','m24')",
                    arguments: [old])
            }
            let cutoff = Timestamp.format(Date().addingTimeInterval(-30 * 86_400))
            let deleted = try await server.store.pruneRememberedOutcomes(olderThan: cutoff, batch: 7)
            #expect(deleted == 20, "in batches of 7: 7, 7, 6")
            let left = try await server.sqlite.pool.read { db in
                try String.fetchAll(db, sql: "SELECT mutation_id FROM mutations ORDER BY mutation_id")
            }
            #expect(left == ["m20", "m21", "m22", "m23", "m24"])

            // Inside the window: the same answers, from memory.
            let retried = try await rita.push(Array(mutations.suffix(5)))
            #expect(retried == Array(first.suffix(5)))
            // Outside it: decided afresh against the current state; nothing is written twice.
            let before = try await rita.allChanges().count
            let again = try await rita.push(Array(mutations.prefix(claims.count)))
            #expect(again.allSatisfy { $0.status == .conflict }, "\(again.map(\.status))")
            #expect(try await rita.allChanges().count == before)
        }
    }

    @Test func theWindowIsConfigurable() throws {
        let folder = try makeTemporaryDirectory()
        let file = folder.appendingPathComponent("config.json")
        try Data(#"{"rememberOutcomesDays": 0}"#.utf8).write(to: file)
        #expect(throws: ConfigError.self) { try ServerConfig.load(path: file.path) }
        try Data(#"{"rememberOutcomesDays": 45}"#.utf8).write(to: file)
        #expect(try ServerConfig.load(path: file.path).rememberOutcomesDays == 45)
    }
}
