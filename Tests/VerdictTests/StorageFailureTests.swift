import Foundation
import GRDB
import Testing
import VerdictShared

/// When the database refuses a write the rules let through, only that mutation fails, nothing of it is
/// written, and its outcome is not remembered.
@Suite struct StorageFailureTests {
    @Test func aRefusedWriteFailsAloneAndIsDecidedAgainOnRetry() async throws {
        try await withServer { server in
            let article = try await server.client("erin").createArticle()
            let claims = [
                try await server.client("erin").createClaim(articleId: article.id, quote: "111 drones"),
                try await server.client("erin").createClaim(articleId: article.id, quote: "one ballistic missile"),
                try await server.client("erin").createClaim(articleId: article.id, quote: "took note"),
            ]
            // Another connection adds a trigger that refuses one verdict id, as a failing disk or a schema the
            // rules do not know about would.
            let other = try DatabaseQueue(path: server.databasePath)
            try await other.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER refuse_one BEFORE INSERT ON verdicts WHEN NEW.id = 'refused'
                        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                        """)
            }
            let before = try await server.client("rita").allChanges()
            let refused = Mutation.verdict(id: "refused", claimId: claims[1].id, label: "false")
            let results = try await server.client("rita").push([
                Mutation.verdict(claimId: claims[0].id, label: "true"), refused,
                Mutation.verdict(claimId: claims[2].id, label: "mixed"),
            ])
            #expect(results.map(\.status) == [.applied, .rejected, .applied])
            #expect(results[1].reason?.contains("refused by the test") == true)
            let after = try await server.client("rita").allChanges()
            #expect(after.count == before.count + 2)
            #expect(!after.contains { $0.id == "refused" })

            try await other.write { db in try db.execute(sql: "DROP TRIGGER refuse_one") }
            try other.close()
            let retried = try await server.client("rita").push([refused])
            #expect(retried.first?.status == .applied, "a refused outcome is not remembered")
        }
    }
}
