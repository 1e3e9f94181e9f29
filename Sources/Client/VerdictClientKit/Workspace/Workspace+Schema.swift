import GRDB

extension Workspace {
    /// The workspace schema: named, append-only migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-23 workspace") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

                    -- Records as the server last sent them (never local edits: those live in the outbox).
                    CREATE TABLE articles (
                        id TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        json TEXT NOT NULL
                    );
                    CREATE TABLE claims (
                        id TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        article_id TEXT NOT NULL,
                        start_offset INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        json TEXT NOT NULL
                    );
                    CREATE INDEX claims_article ON claims(article_id, start_offset);
                    CREATE TABLE verdicts (
                        id TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        claim_id TEXT NOT NULL,
                        reviewer TEXT NOT NULL,
                        deleted INTEGER NOT NULL,
                        json TEXT NOT NULL
                    );
                    CREATE INDEX verdicts_claim ON verdicts(claim_id, reviewer);

                    -- Every replaced version of a verdict seen here (the current one is in verdicts), for
                    -- `verdict log`.
                    CREATE TABLE history (
                        claim_id TEXT NOT NULL,
                        verdict_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        json TEXT NOT NULL,
                        PRIMARY KEY (verdict_id, version)
                    ) WITHOUT ROWID;
                    CREATE INDEX history_claim ON history(claim_id);

                    -- Local edits in the order they were made, until the server confirms them. A conflict or a
                    -- rejection stays here, with the server's side, until the reviewer resolves it.
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        mutation_id TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        claim_id TEXT,
                        mutation TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'conflict', 'rejected')),
                        sent INTEGER NOT NULL DEFAULT 0,
                        code TEXT,
                        reason TEXT,
                        server_record TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX outbox_record ON outbox(type, record_id);
                    CREATE INDEX outbox_claim ON outbox(claim_id);
                    """)
        }
        migrator.registerMigration("2026-11-23 claims in reading order") { db in
            // Agreement and offline exports read claims article by article in reading order, as the server does.
            try db.execute(
                sql: """
                    DROP INDEX claims_article;
                    CREATE UNIQUE INDEX claims_reading_order ON claims(article_id, start_offset, id);
                    """)
        }
        migrator.registerMigration("2026-12-02 claims re-anchored") { db in
            // Corrections move claims: the reading-order column follows the stored claim (it was left at the
            // offset a claim was first pulled with).
            try db.execute(sql: "UPDATE claims SET start_offset = json_extract(json, '$.start')")
        }
        migrator.registerMigration("2026-12-03 publications") { db in
            // The desk's published verdicts, every version (a correction is a new one).
            try db.execute(
                sql: """
                    CREATE TABLE publications (
                        id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        claim_id TEXT NOT NULL,
                        json TEXT NOT NULL,
                        PRIMARY KEY (id, version)
                    ) WITHOUT ROWID;
                    CREATE INDEX publications_claim ON publications(claim_id, version);
                    """)
        }
        migrator.registerMigration("2026-12-03 claim history") { db in
            try db.execute(
                sql: """
                    -- Every version of every claim seen here (marking, withdrawal, re-anchoring), for `verdict log`;
                    -- a workspace from before holds only the current version of each.
                    CREATE TABLE claim_history (
                        id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        json TEXT NOT NULL,
                        PRIMARY KEY (id, version)
                    ) WITHOUT ROWID;
                    INSERT INTO claim_history (id, version, json) SELECT id, version, json FROM claims;
                    """)
        }
        migrator.registerMigration("2026-12-03 assignments") { db in
            try db.execute(
                sql: """
                    -- The desk's assignments as the server last sent them (tombstones kept).
                    CREATE TABLE assignments (
                        id TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        reviewer TEXT NOT NULL,
                        claim_id TEXT,
                        article_id TEXT,
                        due TEXT,
                        deleted INTEGER NOT NULL,
                        json TEXT NOT NULL
                    );
                    CREATE INDEX assignments_reviewer ON assignments(reviewer, deleted);
                    """)
        }
        migrator.registerMigration("2026-12-03 full-text search") { db in
            // FTS5 indexes over the articles' titles and texts and the claims' quotes, kept by triggers. They
            // read their text from views over the JSON (external content), so nothing is stored twice. The
            // rowids are those of the tables, which the workspace never vacuums.
            for (table, columns) in [("articles", ["title", "body"]), ("claims", ["quote"])] {
                let search = "\(table.dropLast())_search"
                let extract = { (row: String) in columns.map { "json_extract(\(row).json, '$.\($0)')" } }
                let list = columns.joined(separator: ", ")
                try db.execute(
                    sql: """
                        CREATE VIEW \(table)_text AS SELECT rowid AS rowid, \(columns.map { "json_extract(json, '$.\($0)') AS \($0)" }.joined(separator: ", ")) FROM \(table);
                        CREATE VIRTUAL TABLE \(search) USING fts5(\(list), content='\(table)_text', content_rowid='rowid',
                            tokenize='unicode61 remove_diacritics 2');
                        CREATE TRIGGER \(search)_insert AFTER INSERT ON \(table) BEGIN
                            INSERT INTO \(search)(rowid, \(list)) VALUES (new.rowid, \(extract("new").joined(separator: ", ")));
                        END;
                        CREATE TRIGGER \(search)_delete AFTER DELETE ON \(table) BEGIN
                            INSERT INTO \(search)(\(search), rowid, \(list))
                                VALUES ('delete', old.rowid, \(extract("old").joined(separator: ", ")));
                        END;
                        CREATE TRIGGER \(search)_update AFTER UPDATE OF json ON \(table) BEGIN
                            INSERT INTO \(search)(\(search), rowid, \(list))
                                VALUES ('delete', old.rowid, \(extract("old").joined(separator: ", ")));
                            INSERT INTO \(search)(rowid, \(list)) VALUES (new.rowid, \(extract("new").joined(separator: ", ")));
                        END;
                        INSERT INTO \(search)(\(search)) VALUES ('rebuild');
                        """)
            }
        }
        migrator.registerMigration("2026-12-03 claim appearances") { db in
            try db.execute(
                sql: """

                    -- The claim this one is an appearance of (an editor's link), as the JSON says.
                    ALTER TABLE claims ADD COLUMN linked_to TEXT;
                    UPDATE claims SET linked_to = json_extract(json, '$.linkedTo');
                    CREATE INDEX claims_linked_to ON claims(linked_to) WHERE linked_to IS NOT NULL;
                    """)
        }
        return migrator
    }
}
