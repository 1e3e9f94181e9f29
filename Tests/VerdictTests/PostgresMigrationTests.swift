import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import VerdictServer

/// Opening a PostgreSQL store migrates its database once, however many servers open it at the same moment, and
/// the schema it makes is SQLite's: the same tables, columns, NOT NULLs and indexes.
@Suite struct PostgresMigrationTests {
    @Test func aNewDatabaseIsMigratedWithTheSystemUserAndAFeedID() async throws {
        try await TestPostgres.withDatabase { configuration in
            try await PostgresStore.withStore(configuration) { store in
                let names = try await strings(store, "SELECT name FROM schema_migrations ORDER BY name")
                #expect(names == PostgresSchema.migrations.map(\.name))
                let feedID = try store.feedID
                #expect(feedID.count == 32 && feedID.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(feedID)")
                let system = try await strings(store, "SELECT role || ' ' || disabled FROM users WHERE name = 'system'")
                #expect(system == ["admin 1"])
                let createdAt = try await strings(store, "SELECT created_at FROM users WHERE name = 'system'")
                #expect(
                    createdAt.first?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(createdAt)")
            }
        }
    }

    @Test func sixServersOpeningOneEmptyDatabaseAtOnceMigrateItOnce() async throws {
        try await TestPostgres.withDatabase { configuration in
            // Each store has a client of its own, so its own sessions: they meet only at the advisory lock.
            let feedIDs = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await PostgresStore.withStore(configuration, maximumConnections: 2) { try $0.feedID }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(feedIDs.count == 6 && Set(feedIDs).count == 1, "one feed, made once: \(feedIDs)")
            let counts = try await PostgresStore.withStore(configuration) { store in
                [
                    try await count(store, "schema_migrations"), try await count(store, "feed"),
                    try await count(store, "users"),
                ]
            }
            #expect(counts == [PostgresSchema.migrations.count, 1, 1], "migrations, feed ids, users")
        }
    }

    @Test func reopeningChangesNothingAndKeepsTheFeedID() async throws {
        try await TestPostgres.withDatabase { configuration in
            let (first, firstID) = try await PostgresStore.withStore(configuration) { store in
                (try await schemaSnapshot(store), try store.feedID)
            }
            let (second, secondID) = try await PostgresStore.withStore(configuration) { store in
                (try await schemaSnapshot(store), try store.feedID)
            }
            #expect(!first.isEmpty && first == second)
            #expect(firstID == secondID)
        }
    }

    @Test func theSchemaIsSQLitesTablesColumnsNotNullsAndIndexes() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("schema.sqlite").path
        let sqlite = try SQLiteStore(path: path)
        let (sqliteColumns, sqliteIndexes) = try await sqlite.pool.read { db in
            var columns: [String] = []
            var indexes: [String] = []
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                    AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
                    """)
            for table in tables {
                for column in try Row.fetchAll(
                    db, sql: "SELECT name, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table])
                {
                    // A primary key column is NOT NULL in PostgreSQL whatever it says (SQLite's rowid keys too).
                    let notNull = (column["notnull"] as Int) == 1 || (column["pk"] as Int) > 0
                    columns.append("\(table).\(column["name"] as String) \(notNull ? "NOT NULL" : "NULL")")
                }
            }
            for index in try Row.fetchAll(
                db,
                sql: """
                    SELECT m.name, l."unique", l.partial FROM sqlite_master m
                    JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
                    WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_autoindex_%' ORDER BY m.name
                    """)
            {
                indexes.append(
                    "\(index[0] as String) \((index[1] as Int) == 1 ? "unique" : "plain")"
                        + ((index[2] as Int) == 1 ? " partial" : ""))
            }
            return (columns, indexes)
        }
        try sqlite.close()

        try await TestPostgres.withDatabase { configuration in
            try await PostgresStore.withStore(configuration) { store in
                let columns = try await strings(
                    store,
                    """
                    SELECT table_name || '.' || column_name || CASE is_nullable WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END
                    FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
                    ORDER BY table_name, ordinal_position
                    """)
                #expect(columns == sqliteColumns)
                let indexes = try await strings(
                    store,
                    """
                    SELECT i.relname || CASE WHEN x.indisunique THEN ' unique' ELSE ' plain' END
                        || CASE WHEN x.indpred IS NOT NULL THEN ' partial' ELSE '' END
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = 'public' AND NOT x.indisprimary
                    ORDER BY i.relname
                    """)
                // Every index SQLite names is here by the same name and kind; the others are the UNIQUE
                // constraints SQLite indexes without a name, and users_name_nocase, which stands for NOCASE.
                #expect(Set(sqliteIndexes).isSubset(of: Set(indexes)), "\(indexes)")
                #expect(
                    Set(indexes).subtracting(sqliteIndexes)
                        == [
                            "changes_record_version unique", "claims_span unique", "publications_claim unique",
                            "tokens_hash unique", "users_name_nocase unique",
                        ])
            }
        }
    }

    @Test func theSchemaRefusesWhatSQLitesRefuses() async throws {
        try await TestPostgres.withDatabase { configuration in
            try await PostgresStore.withStore(configuration) { store in
                let now = "2026-12-03T00:00:00.000Z"
                try await store.client.query(
                    "INSERT INTO users (name, role, disabled, created_at) VALUES ('ada', 'admin', 0, \(now))")
                let refused: [(PostgresQuery, String)] = [
                    ("INSERT INTO users (name, role, created_at) VALUES ('ADA', 'editor', \(now))", "23505"),
                    ("INSERT INTO users (name, role, created_at) VALUES ('olga', 'overlord', \(now))", "23514"),
                    ("INSERT INTO users (name, role, disabled, created_at) VALUES ('x', 'admin', 2, \(now))", "23514"),
                    (
                        "INSERT INTO tokens (\"user\", hash, created_at) VALUES ('nobody', \(String(repeating: "a", count: 64)), \(now))",
                        "23503"
                    ),
                    ("INSERT INTO tokens (\"user\", hash, created_at) VALUES ('ada', 'short', \(now))", "23514"),
                    ("INSERT INTO feed (singleton, id) VALUES (2, \(String(repeating: "b", count: 32)))", "23514"),
                    (
                        "INSERT INTO changes (type, record_id, version, deleted, record, \"user\", created_at) VALUES ('claim', 'c', 1, 0, '{}', 'ada', \(now))",
                        "23502"
                    ),
                ]
                for (query, sqlState) in refused {
                    do {
                        try await store.client.query(query)
                        Issue.record("\(query.sql) was taken")
                    } catch let error as PSQLError {
                        #expect(
                            error.serverInfo?[.sqlState] == sqlState, "\(query.sql): \(PostgresStore.reason(error))")
                    }
                }
                // Records are text that must be JSON; the sequence is drawn explicitly.
                try await store.client.query(
                    """
                    INSERT INTO changes (seq, type, record_id, version, deleted, record, "user", created_at)
                    VALUES (nextval('changes_seq'), 'claim', 'c', 1, 0, '{"b": 1,  "a": "\u{e9}"}', 'ada', \(now))
                    """)
                #expect(
                    try await strings(store, "SELECT seq || ' ' || record FROM changes") == [#"1 {"b": 1,  "a": "é"}"#])
                #expect(
                    try await strings(store, "SELECT json_valid('[1') || ' ' || json_valid('[]')") == ["false true"])
            }
        }
    }

    // MARK: - Helpers

    func strings(_ store: PostgresStore, _ sql: String) async throws -> [String] {
        var values: [String] = []
        for try await value in try await store.client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
            values.append(value)
        }
        return values
    }

    func count(_ store: PostgresStore, _ table: String) async throws -> Int {
        try await strings(store, "SELECT count(*)::text FROM \(table)").first.flatMap(Int.init) ?? -1
    }

    /// Every table, column, constraint and index with its definition, and the migrations with when they ran.
    func schemaSnapshot(_ store: PostgresStore) async throws -> [String] {
        try await strings(
            store,
            """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'migration ' || name || ' ' || applied_at FROM schema_migrations
            UNION ALL
            SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value::text, 'unused') FROM pg_sequences
            ORDER BY 1
            """)
    }
}
