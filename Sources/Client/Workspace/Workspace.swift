import Foundation
import GRDB
import VerdictShared

/// The reviewer's local replica: the records pulled from one server for one user, the outbox of local edits
/// not yet confirmed by the server, and the sync cursor. One SQLite file; every change to it is one
/// transaction, so killing the client at any moment leaves it consistent.
final class Workspace {
    let directory: URL
    let db: DatabaseQueue

    static let fileName = "workspace.sqlite"
    static let tokenFileName = "token"

    /// Opens (creating if needed) the workspace in `directory`.
    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        db = try DatabaseQueue(path: directory.appendingPathComponent(Self.fileName).path, configuration: configuration)
        try Self.migrator.migrate(db)
    }

    // MARK: Settings and sync state

    enum Key: String {
        case server, user, role, scale, desk, feed, cursor, lastPull = "last_pull", lastPush = "last_push"
    }

    func get(_ key: Key) throws -> String? {
        try db.read { db in try Self.get(key, db) }
    }

    static func get(_ key: Key, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key.rawValue])
    }

    static func set(_ key: Key, _ value: String?, _ db: Database) throws {
        if let value {
            try db.execute(
                sql:
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key.rawValue, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key.rawValue])
        }
    }

    func set(_ key: Key, _ value: String?) throws {
        try db.write { db in try Self.set(key, value, db) }
    }

    /// The server and user this workspace belongs to; an error naming `verdict login` if it has none.
    func identity() throws -> (server: String, user: String) {
        guard let server = try get(.server), let user = try get(.user) else {
            throw CLIError("this workspace is not logged in; run `verdict login --server URL --user NAME` first")
        }
        return (server, user)
    }

    /// The desk's verdict scale as last fetched (the standard one before any login).
    func scale() throws -> VerdictScale {
        guard let json = try get(.scale) else { return .standard }
        return try JSONDecoder().decode(VerdictScale.self, from: Data(json.utf8))
    }

    /// The desk's name, URL and consensus policy as last fetched (defaults before any).
    func desk() throws -> DeskInfo {
        guard let json = try get(.desk) else {
            return DeskInfo(name: "Verdict desk", url: nil, consensus: Consensus.Policy())
        }
        return try JSONDecoder().decode(DeskInfo.self, from: Data(json.utf8))
    }

    // MARK: Token

    var tokenURL: URL { directory.appendingPathComponent(Self.tokenFileName) }

    /// Stores the token readable by the owner only.
    func saveToken(_ token: String) throws {
        let path = tokenURL.path
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw CLIError("cannot write \(path)") }
        try Data((token + "\n").utf8).write(to: tokenURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    func token() throws -> String {
        if let token = ProcessInfo.processInfo.environment["VERDICT_TOKEN"], !token.isEmpty { return token }
        guard let data = FileManager.default.contents(atPath: tokenURL.path) else {
            throw CLIError("no token stored in \(directory.path); run `verdict login` again")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Schema

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
        return migrator
    }
}

/// A failure the user can act on, printed as it is, with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    var exitCode: Int32 = 1

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
