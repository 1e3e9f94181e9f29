import Foundation
import GRDB
import Testing
import VerdictShared

@testable import VerdictServer

/// A database made before the publications migration keeps its whole change log, and its sequence goes on
/// above the last number it handed out.
@Suite struct SchemaMigrationTests {
    @Test func rebuildingTheChangeLogKeepsEveryRowAndTheSequence() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "2026-12-02 claim anchoring")
        try await queue.write { db in
            for index in 1...5 {
                try db.execute(
                    sql: """
                        INSERT INTO changes (type, record_id, version, deleted, record, user, created_at)
                        VALUES ('verdict', ?, 1, 0, '{}', 'system', '2026-12-01T00:00:00.000Z')
                        """, arguments: ["v\(index)"])
            }
            // As if numbers 6 and 7 had been handed out: the rebuilt table must not hand them out again.
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'changes'")
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let feed = try await store.changes(since: 0, limit: 100, visibility: .everything)
        #expect(
            feed.entries.map(\.seq) == [1, 2, 3, 4, 5] && feed.entries.map(\.id) == ["v1", "v2", "v3", "v4", "v5"])
        _ = try await store.addUser(name: "erin", role: .editor, tokenLabel: nil)
        let outcome = try await store.apply(
            [
                Mutation(
                    mutationId: "m1", type: .article, op: .put, id: nil, baseVersion: nil,
                    record: .article(ArticleInput(title: "After the migration", body: "A body.")))
            ], by: Identity(name: "erin", role: .editor), remember: true)
        #expect(outcome.first?.result.seq == 8, "the sequence continues above the highest number ever used")
        try store.close()
    }
}
