import GRDB

extension SQLiteStore {
    /// Named, append-only migrations. Never edit a registered migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-22 initial schema") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        name TEXT PRIMARY KEY COLLATE NOCASE
                            CHECK (length(name) BETWEEN 1 AND 64),
                        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer')),
                        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                        created_at TEXT NOT NULL
                    );
                    -- Owner of writes made by admin commands (import); it can never sign in.
                    INSERT INTO users (name, role, disabled, created_at)
                        VALUES ('system', 'admin', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

                    CREATE TABLE tokens (
                        id INTEGER PRIMARY KEY,
                        user TEXT NOT NULL REFERENCES users(name),
                        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                        label TEXT,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    CREATE INDEX tokens_user ON tokens(user);

                    CREATE TABLE articles (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        revision INTEGER NOT NULL CHECK (revision >= 1),
                        created_by TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;

                    CREATE TABLE article_revisions (
                        article_id TEXT NOT NULL REFERENCES articles(id),
                        revision INTEGER NOT NULL CHECK (revision >= 1),
                        title TEXT NOT NULL CHECK (length(title) > 0),
                        source TEXT NOT NULL,
                        url TEXT,
                        published TEXT,
                        body TEXT NOT NULL CHECK (length(body) > 0),
                        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
                        author TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (article_id, revision)
                    );
                    CREATE INDEX article_revisions_hash ON article_revisions(content_hash);

                    CREATE TABLE claims (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        article_id TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        quote TEXT NOT NULL CHECK (length(quote) > 0),
                        prefix TEXT NOT NULL,
                        suffix TEXT NOT NULL,
                        start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
                        end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
                        status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
                        created_by TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        FOREIGN KEY (article_id, revision) REFERENCES article_revisions(article_id, revision),
                        UNIQUE (article_id, revision, start_offset, end_offset)
                    ) WITHOUT ROWID;

                    CREATE TABLE verdicts (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        claim_id TEXT NOT NULL REFERENCES claims(id),
                        reviewer TEXT NOT NULL REFERENCES users(name),
                        label TEXT NOT NULL,
                        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
                        rationale TEXT NOT NULL,
                        evidence TEXT NOT NULL CHECK (json_valid(evidence)),
                        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- One live verdict per reviewer and claim; tombstones do not count.
                    CREATE UNIQUE INDEX verdicts_live ON verdicts(claim_id, reviewer) WHERE deleted = 0;

                    -- The change log: one row per write, in commit order, with the record as that write left it.
                    CREATE TABLE changes (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL CHECK (type IN ('article', 'claim', 'verdict')),
                        record_id TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                        record TEXT NOT NULL,
                        user TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        UNIQUE (type, record_id, version)
                    );

                    -- Outcomes of pushed mutations, so that a retried push writes nothing twice.
                    CREATE TABLE mutations (
                        user TEXT NOT NULL REFERENCES users(name),
                        mutation_id TEXT NOT NULL CHECK (length(mutation_id) BETWEEN 1 AND 128),
                        request_hash TEXT NOT NULL,
                        result TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (user, mutation_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("2026-11-23 feed id") { db in
            try db.execute(
                sql: """
                    -- Names this change log. A restored backup gets a new id, so that clients whose cursor came
                    -- from the original can tell and pull again from the start.
                    CREATE TABLE feed (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        id TEXT NOT NULL CHECK (length(id) = 32)
                    );
                    INSERT INTO feed (singleton, id) VALUES (1, lower(hex(randomblob(16))));
                    """)
        }
        migrator.registerMigration("2026-11-23 article updated_by") { db in
            // Who made the article's current version (a metadata fix keeps the revision and its author).
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN updated_by TEXT REFERENCES users(name)")
        }
        migrator.registerMigration("2026-11-23 claims in reading order") { db in
            // Exports and the agreement report read claims article by article, in the order they appear in the
            // text; with this index that needs no sort of the whole table.
            try db.execute(sql: "CREATE UNIQUE INDEX claims_reading_order ON claims(article_id, start_offset, id)")
        }
        migrator.registerMigration("2026-12-02 claim anchoring") { db in
            // Corrections re-anchor claims onto the new revision; this says how each one sits there.
            try db.execute(
                sql: """
                    ALTER TABLE claims ADD COLUMN anchoring TEXT NOT NULL DEFAULT 'exact'
                        CHECK (anchoring IN ('exact', 'moved', 'orphaned'))
                    """)
        }
        migrator.registerMigration("2026-12-03 publications") { db in
            try db.execute(
                sql: """
                    -- The feed now also carries publications (and, later, assignments). SQLite cannot change a
                    -- CHECK constraint in place: rebuild the table, keeping every row and the sequence.
                    CREATE TEMP TABLE kept_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'changes';
                    CREATE TABLE changes_new (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL
                            CHECK (type IN ('article', 'claim', 'verdict', 'publication', 'assignment')),
                        record_id TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                        record TEXT NOT NULL,
                        user TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        UNIQUE (type, record_id, version)
                    );
                    INSERT INTO changes_new (seq, type, record_id, version, deleted, record, user, created_at)
                        SELECT seq, type, record_id, version, deleted, record, user, created_at FROM changes;
                    DROP TABLE changes;
                    ALTER TABLE changes_new RENAME TO changes;
                    -- Never hand out a number again, even one above the last row (a defensive copy: SQLite rolls
                    -- the sequence back with the rows, so the two agree in practice).
                    UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM kept_sequence))
                        WHERE name = 'changes' AND EXISTS (SELECT 1 FROM kept_sequence);
                    INSERT INTO sqlite_sequence (name, seq)
                        SELECT 'changes', seq FROM kept_sequence
                        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes');
                    DROP TABLE kept_sequence;

                    -- One publication per claim; its versions (corrections) stay in the change log.
                    CREATE TABLE publications (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        claim_id TEXT NOT NULL UNIQUE REFERENCES claims(id),
                        label TEXT NOT NULL,
                        record TEXT NOT NULL CHECK (json_valid(record)),
                        published_by TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;

                    -- Blind review asks, per claim, whether a reader has ever rated it (tombstones count).
                    CREATE INDEX verdicts_claim_reviewer ON verdicts(claim_id, reviewer);
                    """)
        }
        migrator.registerMigration("2026-12-03 assignments") { db in
            try db.execute(
                sql: """
                    -- An editor asks a reviewer to rate a claim, or every claim of an article. One live assignment
                    -- per reviewer and claim or article; unassigning leaves a tombstone.
                    CREATE TABLE assignments (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        reviewer TEXT NOT NULL REFERENCES users(name),
                        claim_id TEXT REFERENCES claims(id),
                        article_id TEXT REFERENCES articles(id),
                        due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                        assigned_by TEXT NOT NULL REFERENCES users(name),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        CHECK ((claim_id IS NULL) != (article_id IS NULL))
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX assignments_live_claim ON assignments(reviewer, claim_id)
                        WHERE deleted = 0 AND claim_id IS NOT NULL;
                    CREATE UNIQUE INDEX assignments_live_article ON assignments(reviewer, article_id)
                        WHERE deleted = 0 AND article_id IS NOT NULL;
                    CREATE INDEX assignments_claim ON assignments(claim_id) WHERE claim_id IS NOT NULL;
                    CREATE INDEX assignments_article ON assignments(article_id) WHERE article_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("2026-12-03 article target") { db in
            try db.execute(
                sql: """

                    -- Live verdicts wanted per claim of the article; NULL for the desk's default.
                    ALTER TABLE articles ADD COLUMN target_verdicts INTEGER
                        CHECK (target_verdicts IS NULL OR target_verdicts BETWEEN 1 AND 100);
                    """)
        }
        migrator.registerMigration("2026-12-03 claim appearances") { db in
            try db.execute(
                sql: """

                    -- A claim linked by an editor as an appearance of another claim (the same proposition
                    -- elsewhere); NULL for a claim of its own. Links are one level deep.
                    ALTER TABLE claims ADD COLUMN linked_to TEXT REFERENCES claims(id);
                    CREATE INDEX claims_linked_to ON claims(linked_to) WHERE linked_to IS NOT NULL;
                    """)
        }
        migrator.registerMigration("2026-12-03 remembered outcomes by age") { db in
            // Remembered outcomes are pruned by age (``SQLiteStore/pruneRememberedOutcomes(olderThan:batch:)``).
            try db.execute(sql: "CREATE INDEX mutations_by_age ON mutations (created_at)")
        }
        migrator.registerMigration("2026-12-03 audit trail") { db in
            try db.execute(
                sql: """
                    -- Admin actions and publications, append-only (GET /v1/audit).
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT NOT NULL,
                        detail TEXT,
                        address TEXT
                    );
                    """)
        }
        return migrator
    }
}
