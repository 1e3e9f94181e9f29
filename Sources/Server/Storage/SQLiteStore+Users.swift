import GRDB
import VerdictShared

extension SQLiteStore {
    func authenticate(token: String) async throws -> Identity? {
        guard APIToken.looksValid(token) else { return nil }
        let hash = APIToken.hash(token)
        return try authConnection.inDatabase { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.user
                    WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled = 0
                    """)
            guard let row = try Row.fetchOne(statement, arguments: [hash]),
                let role = Role(rawValue: row[1])
            else { return nil }
            return Identity(name: row[0], role: role)
        }
    }

    func users() async throws -> [User] {
        try await pool.read { db in try Self.users(db) }
    }

    static func users(_ db: Database) throws -> [User] {
        try Row.fetchAll(
            db, sql: "SELECT name, role, disabled, created_at FROM users WHERE name <> 'system' ORDER BY name"
        )
        .map { User(name: $0[0], role: Role(rawValue: $0[1]) ?? .reviewer, disabled: $0[2], createdAt: $0[3]) }
    }

    func addUser(
        name: String, role: Role, tokenLabel: String?, auditedAs actor: AuditActor?
    ) async throws
        -> IssuedToken
    {
        try UserRules.validateUserName(name)
        return try await pool.write { db in
            if try String.fetchOne(db, sql: "SELECT name FROM users WHERE name = ?", arguments: [name]) != nil {
                throw StoreError.exists("user '\(name)' already exists")
            }
            try db.execute(
                sql: "INSERT INTO users (name, role, disabled, created_at) VALUES (?, ?, 0, ?)",
                arguments: [name, role.rawValue, Timestamp.now()])
            if let actor { try Self.audit(db, actor, "user.create", target: name, detail: "role \(role.rawValue)") }
            return try Self.issueToken(db, user: name, label: tokenLabel, auditedAs: actor)
        }
    }

    func issueToken(user: String, label: String?, auditedAs actor: AuditActor?) async throws -> IssuedToken {
        try await pool.write { db in try Self.issueToken(db, user: user, label: label, auditedAs: actor) }
    }

    func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, at, actor, action, target, detail, address FROM audit WHERE id > ? ORDER BY id LIMIT ?
                    """, arguments: [after, limit]
            ).map {
                AuditEntry(
                    id: $0[0], at: $0[1], actor: $0[2], action: $0[3], target: $0[4], detail: $0[5], address: $0[6])
            }
        }
    }

    /// Appends to the audit trail, inside the caller's transaction.
    static func audit(
        _ db: Database, _ actor: AuditActor, _ action: String, target: String, detail: String?
    )
        throws
    {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [Timestamp.now(), actor.name, action, target, detail, actor.address])
    }

    private static func issueToken(
        _ db: Database, user: String, label: String?, auditedAs actor: AuditActor?
    )
        throws -> IssuedToken
    {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT name, disabled FROM users WHERE name = ? AND name <> 'system'", arguments: [user])
        else { throw StoreError.notFound("no user named '\(user)'") }
        let name: String = row[0]
        if row[1] as Bool { throw StoreError.invalid("user '\(name)' is disabled; enable it first") }
        if let label, label.count > 100 { throw StoreError.invalid("token label is longer than 100 characters") }
        let token = APIToken.make()
        try db.execute(
            sql: "INSERT INTO tokens (user, hash, label, created_at) VALUES (?, ?, ?, ?)",
            arguments: [name, APIToken.hash(token), label, Timestamp.now()])
        let id = db.lastInsertedRowID
        if let actor {
            try audit(
                db, actor, "token.issue", target: name, detail: "token \(id)" + (label.map { ", label \($0)" } ?? ""))
        }
        return IssuedToken(user: name, tokenId: id, label: label, token: token)
    }

    /// The user's tokens, newest last, revoked ones included.
    func tokens(user: String) async throws -> [TokenInfo] {
        try await pool.read { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM users WHERE name = ?", arguments: [user])
            else { throw StoreError.notFound("no user named '\(user)'") }
            return try Row.fetchAll(
                db, sql: "SELECT id, user, label, created_at, revoked_at FROM tokens WHERE user = ? ORDER BY id",
                arguments: [name]
            ).map { TokenInfo(id: $0[0], user: $0[1], label: $0[2], createdAt: $0[3], revokedAt: $0[4]) }
        }
    }

    /// Revokes one token of `user` (by id), or all of them when `tokenId` is nil. Returns how many were revoked.
    func revokeTokens(user: String, tokenId: Int64?, auditedAs actor: AuditActor?) async throws -> Int {
        try await pool.write { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM users WHERE name = ?", arguments: [user])
            else { throw StoreError.notFound("no user named '\(user)'") }
            if let tokenId {
                guard
                    let revoked = try Row.fetchOne(
                        db, sql: "SELECT revoked_at FROM tokens WHERE id = ? AND user = ?", arguments: [tokenId, name])
                else { throw StoreError.notFound("user '\(name)' has no token \(tokenId)") }
                if (revoked[0] as String?) != nil { return 0 }
            }
            try db.execute(
                sql: """
                    UPDATE tokens SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL AND (? IS NULL OR id = ?)
                    """, arguments: [Timestamp.now(), name, tokenId, tokenId])
            let count = db.changesCount
            if let actor, count > 0 {
                try Self.audit(
                    db, actor, "token.revoke", target: name,
                    detail: tokenId.map { "token \($0)" } ?? "all \(count) tokens")
            }
            return count
        }
    }

    /// Disables or re-enables a user. A disabled user's tokens stop working but are kept.
    func setDisabled(_ disabled: Bool, user: String, auditedAs actor: AuditActor?) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE users SET disabled = ? WHERE name = ? AND name <> 'system'", arguments: [disabled, user])
            if db.changesCount == 0 { throw StoreError.notFound("no user named '\(user)'") }
            if let actor {
                try Self.audit(db, actor, disabled ? "user.disable" : "user.enable", target: user, detail: nil)
            }
        }
    }
}
