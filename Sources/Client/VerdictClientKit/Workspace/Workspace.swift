import Foundation
import GRDB
import VerdictShared

/// The reviewer's local replica: the records pulled from one server for one user, the outbox of local edits
/// not yet confirmed by the server, and the sync cursor. One SQLite file; every public method that changes it
/// is one transaction, so killing the client at any moment leaves it consistent.
///
/// `Sendable`: its state is the folder's URL and a GRDB pool, which serializes writes itself.
public final class Workspace: Sendable {
    public let directory: URL
    /// A pool (WAL) rather than a queue: an offline export reads one snapshot page by page.
    let db: DatabasePool

    public static let fileName = "workspace.sqlite"
    public static let tokenFileName = "token"

    /// Opens (creating if needed) the workspace in `directory`.
    public init(directory: URL) throws {
        self.directory = directory
        try PrivateFiles.makeDirectory(directory)
        let path = directory.appendingPathComponent(Self.fileName).path
        // SQLite gives the -wal and -shm files the database's own mode.
        try PrivateFiles.createFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        db = try DatabasePool(path: path, configuration: configuration)
        // A workspace made before modes were set: its -wal and -shm files too.
        for suffix in ["-wal", "-shm"] { try PrivateFiles.restrict(path + suffix, to: 0o600) }
        try Self.migrator.migrate(db)
    }

    /// Opens an existing workspace for reading only (no migration, no folder made): for looking at a
    /// workspace another process is using.
    public init(readingAt directory: URL) throws {
        self.directory = directory
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        db = try DatabasePool(path: directory.appendingPathComponent(Self.fileName).path, configuration: configuration)
    }

    /// Whether a workspace file exists in `directory`.
    public static func exists(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(fileName).path)
    }

    /// Closes the database file; the workspace must not be used afterwards.
    public func close() throws {
        try db.close()
    }

    // MARK: Settings and sync state

    enum Key: String {
        case server, user, role, scale, desk, feed, cursor, lastPull = "last_pull", lastPush = "last_push"
        case pullMoved = "last_pull_moved", pullOrphaned = "last_pull_orphaned"
        /// "1" when the last pull saw every verdict (an editor, or blind review off), "0" under blind review.
        case seesAll = "sees_all_verdicts"
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

    /// The server and user this workspace belongs to; an error naming `verdict login` if it has none.
    public func identity() throws -> (server: String, user: String) {
        guard let login = try login() else {
            throw ClientError("this workspace is not logged in; run `verdict login --server URL --user NAME` first")
        }
        return login
    }

    /// The server and user this workspace was logged in as, or nil before any login.
    public func login() throws -> (server: String, user: String)? {
        guard let server = try get(.server), let user = try get(.user) else { return nil }
        return (server, user)
    }

    /// Records a login: who, where, and the desk's scale and settings as the server gave them.
    public func recordLogin(server: String, user: String, role: String, scale: VerdictScale, desk: DeskInfo) throws {
        try db.write { db in
            try Self.set(.server, server, db)
            try Self.set(.user, user, db)
            try Self.set(.role, role, db)
            try Self.set(.scale, try Self.encode(scale), db)
            try Self.set(.desk, try Self.encode(desk), db)
        }
    }

    /// The desk's verdict scale as last fetched (the standard one before any login).
    public func scale() throws -> VerdictScale {
        guard let json = try get(.scale) else { return .standard }
        return try JSONDecoder().decode(VerdictScale.self, from: Data(json.utf8))
    }

    /// The desk's name, URL and consensus policy as last fetched (defaults before any).
    public func desk() throws -> DeskInfo {
        guard let json = try get(.desk) else {
            return DeskInfo(name: "Verdict desk", url: nil, consensus: Consensus.Policy())
        }
        return try JSONDecoder().decode(DeskInfo.self, from: Data(json.utf8))
    }

    /// Where the last pull stopped in the server's change feed (0 before the first).
    public func cursor() throws -> Int64 {
        Int64(try get(.cursor) ?? "0") ?? 0
    }

    /// SQLite's own check of the file: "ok" when it is sound.
    public func integrityCheck() throws -> String {
        try db.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: Token

    public var tokenURL: URL { directory.appendingPathComponent(Self.tokenFileName) }

    /// Stores the token readable by the owner only.
    public func saveToken(_ token: String) throws {
        let path = tokenURL.path
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw ClientError("cannot write \(path)") }
        try Data((token + "\n").utf8).write(to: tokenURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// `$VERDICT_TOKEN` if set, else the stored token.
    public func token() throws -> String {
        if let token = ProcessInfo.processInfo.environment["VERDICT_TOKEN"], !token.isEmpty { return token }
        guard let data = FileManager.default.contents(atPath: tokenURL.path) else {
            throw ClientError("no token stored in \(directory.path); run `verdict login` again")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
