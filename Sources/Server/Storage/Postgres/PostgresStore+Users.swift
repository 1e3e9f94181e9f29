import Logging
import PostgresNIO
import VerdictShared

// Users, tokens and the audit trail, with the semantics of SQLiteStore+Users.swift: the same errors and messages,
// the same audit rows. SQLite's `COLLATE NOCASE` on users.name is `lower(name) = lower($1 COLLATE "C")` here (the
// unique index users_name_nocase; "C" so that only ASCII folds, as with NOCASE, whatever the database's collation),
// and every other table holds the name as users stores it.
extension PostgresStore {
    /// The token check of every request, prepared once per connection.
    struct AuthenticateStatement: PostgresPreparedStatement {
        static let sql = """
            SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t."user"
            WHERE t.hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0
            """
        typealias Row = (String, String)

        let hash: String

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(hash)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The active user holding this token, or nil (unknown, revoked, or user disabled).
    func authenticate(token: String) async throws -> Identity? {
        guard APIToken.looksValid(token) else { return nil }
        var found: Identity?
        for try await (name, role) in try await client.execute(
            AuthenticateStatement(hash: APIToken.hash(token)), logger: logger)
        {
            found = Role(rawValue: role).map { Identity(name: name, role: $0) }
        }
        return found
    }

    /// Every user but `system`, by name without regard to case.
    func users() async throws -> [User] {
        var users: [User] = []
        let rows = try await client.query(
            "SELECT name, role, disabled, created_at FROM users WHERE lower(name) <> 'system' ORDER BY lower(name)",
            logger: logger)
        for try await (name, role, disabled, createdAt) in rows.decode((String, String, Int, String).self) {
            users.append(
                User(name: name, role: Role(rawValue: role) ?? .reviewer, disabled: disabled != 0, createdAt: createdAt)
            )
        }
        return users
    }

    /// Creates a user and a first token; with an `actor`, an audit entry in the same transaction.
    func addUser(
        name: String, role: Role, tokenLabel: String?, auditedAs actor: AuditActor?
    ) async throws
        -> IssuedToken
    {
        try UserRules.validateUserName(name)
        let logger = self.logger
        do {
            return try await transaction { connection in
                let existing = try await connection.query(
                    "SELECT name FROM users WHERE lower(name) = lower(\(name) COLLATE \"C\")", logger: logger
                ).collect()
                if !existing.isEmpty { throw StoreError.exists("user '\(name)' already exists") }
                try await connection.query(
                    """
                    INSERT INTO users (name, role, disabled, created_at)
                    VALUES (\(name), \(role.rawValue), 0, \(Timestamp.now()))
                    """, logger: logger)
                if let actor {
                    try await Self.audit(
                        on: connection, actor, "user.create", target: name, detail: "role \(role.rawValue)",
                        logger: logger)
                }
                return try await Self.issueToken(
                    on: connection, user: name, label: tokenLabel, auditedAs: actor, logger: logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw {
            // Another server added the same name (in some case) between the check and the insert.
            throw StoreError.exists("user '\(name)' already exists")
        }
    }

    /// A new token for an existing, enabled user; with an `actor`, an audit entry in the same transaction.
    func issueToken(user: String, label: String?, auditedAs actor: AuditActor?) async throws -> IssuedToken {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.issueToken(on: connection, user: user, label: label, auditedAs: actor, logger: logger)
        }
    }

    /// The audit trail after entry `after`, oldest first.
    func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        let rows = try await client.query(
            """
            SELECT id, at, actor, action, target, detail, address FROM audit WHERE id > \(after) ORDER BY id
            LIMIT \(limit)
            """, logger: logger)
        for try await (id, at, actor, action, target, detail, address) in rows.decode(
            (Int64, String, String, String, String, String?, String?).self)
        {
            entries.append(
                AuditEntry(
                    id: id, at: at, actor: actor, action: action, target: target, detail: detail, address: address))
        }
        return entries
    }

    /// Appends to the audit trail, inside the caller's transaction. The entry's id is drawn under ``feedLock``,
    /// held until the transaction ends, so that ids commit in order across servers as change numbers do and a
    /// reader of `GET /v1/audit?after=` never passes an entry that commits later. (Taken here, after the user
    /// and token rows were locked: no transaction holding the feed lock ever waits for those rows.)
    static func audit(
        on connection: PostgresConnection, _ actor: AuditActor, _ action: String, target: String, detail: String?,
        logger: Logger
    ) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(feedLock))", logger: logger)
        try await connection.query(
            """
            INSERT INTO audit (at, actor, action, target, detail, address)
            VALUES (\(Timestamp.now()), \(actor.name), \(action), \(target), \(detail), \(actor.address))
            """, logger: logger)
    }

    private static func issueToken(
        on connection: PostgresConnection, user: String, label: String?, auditedAs actor: AuditActor?, logger: Logger
    ) async throws -> IssuedToken {
        // FOR UPDATE: a concurrent disable or enable of this user is decided before or after this, as SQLite's
        // single writer would.
        let rows = try await connection.query(
            """
            SELECT name, disabled FROM users
            WHERE lower(name) = lower(\(user) COLLATE "C") AND lower(name) <> 'system' FOR UPDATE
            """, logger: logger
        ).collect()
        guard let (name, disabled) = try rows.first?.decode((String, Int).self) else {
            throw StoreError.notFound("no user named '\(user)'")
        }
        if disabled != 0 { throw StoreError.invalid("user '\(name)' is disabled; enable it first") }
        if let label, label.count > 100 { throw StoreError.invalid("token label is longer than 100 characters") }
        let token = APIToken.make()
        let inserted = try await connection.query(
            """
            INSERT INTO tokens ("user", hash, label, created_at)
            VALUES (\(name), \(APIToken.hash(token)), \(label), \(Timestamp.now())) RETURNING id
            """, logger: logger
        ).collect()
        guard let id = try inserted.first?.decode(Int64.self) else {
            throw StoreError.notFound("the new token of '\(name)' has no id")
        }
        if let actor {
            try await audit(
                on: connection, actor, "token.issue", target: name,
                detail: "token \(id)" + (label.map { ", label \($0)" } ?? ""), logger: logger)
        }
        return IssuedToken(user: name, tokenId: id, label: label, token: token)
    }

    /// The user's tokens, newest last, revoked ones included.
    func tokens(user: String) async throws -> [TokenInfo] {
        // One statement, so one snapshot: the user and their tokens as of the same moment.
        let rows = try await client.query(
            """
            SELECT u.name, t.id, t."user", t.label, t.created_at, t.revoked_at
            FROM users u LEFT JOIN tokens t ON t."user" = u.name
            WHERE lower(u.name) = lower(\(user) COLLATE "C") ORDER BY t.id
            """, logger: logger)
        var found = false
        var tokens: [TokenInfo] = []
        for try await (_, id, owner, label, createdAt, revokedAt) in rows.decode(
            (String, Int64?, String?, String?, String?, String?).self)
        {
            found = true
            if let id, let owner, let createdAt {
                tokens.append(TokenInfo(id: id, user: owner, label: label, createdAt: createdAt, revokedAt: revokedAt))
            }
        }
        guard found else { throw StoreError.notFound("no user named '\(user)'") }
        return tokens
    }

    /// Revokes one token of `user` (by id), or all of them when `tokenId` is nil. Returns how many were revoked.
    func revokeTokens(user: String, tokenId: Int64?, auditedAs actor: AuditActor? = nil) async throws -> Int {
        let logger = self.logger
        return try await transaction { connection in
            let users = try await connection.query(
                "SELECT name FROM users WHERE lower(name) = lower(\(user) COLLATE \"C\")", logger: logger
            ).collect()
            guard let name = try users.first?.decode(String.self) else {
                throw StoreError.notFound("no user named '\(user)'")
            }
            if let tokenId {
                let rows = try await connection.query(
                    "SELECT revoked_at FROM tokens WHERE id = \(tokenId) AND \"user\" = \(name)", logger: logger
                ).collect()
                guard let row = rows.first else { throw StoreError.notFound("user '\(name)' has no token \(tokenId)") }
                if try row.decode(String?.self) != nil { return 0 }
            }
            let revoked = try await connection.query(
                """
                UPDATE tokens SET revoked_at = \(Timestamp.now())
                WHERE "user" = \(name) AND revoked_at IS NULL AND (\(tokenId)::bigint IS NULL OR id = \(tokenId))
                RETURNING id
                """, logger: logger
            ).collect()
            let count = revoked.count
            if let actor, count > 0 {
                try await Self.audit(
                    on: connection, actor, "token.revoke", target: name,
                    detail: tokenId.map { "token \($0)" } ?? "all \(count) tokens", logger: logger)
            }
            return count
        }
    }

    /// Disables or re-enables a user. A disabled user's tokens stop working but are kept.
    func setDisabled(_ disabled: Bool, user: String, auditedAs actor: AuditActor? = nil) async throws {
        let logger = self.logger
        try await transaction { connection in
            let updated = try await connection.query(
                """
                UPDATE users SET disabled = \(disabled ? 1 : 0)
                WHERE lower(name) = lower(\(user) COLLATE "C") AND lower(name) <> 'system' RETURNING name
                """, logger: logger
            ).collect()
            if updated.isEmpty { throw StoreError.notFound("no user named '\(user)'") }
            if let actor {
                try await Self.audit(
                    on: connection, actor, disabled ? "user.disable" : "user.enable", target: user, detail: nil,
                    logger: logger)
            }
        }
    }

    /// The bytes the database takes on disk now (`pg_database_size`: its tables, indexes and their free space).
    func storageBytes() async throws -> Int64? {
        let rows = try await client.query("SELECT pg_database_size(current_database())", logger: logger).collect()
        return try rows.first?.decode(Int64.self)
    }
}
