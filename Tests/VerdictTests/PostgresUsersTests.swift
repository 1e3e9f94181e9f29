import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// What both stores offer for users, tokens and the audit trail: the conformances prove the PostgreSQL store has
/// exactly SQLite's signatures.
protocol UserStorage: Sendable {
    func authenticate(token: String) async throws -> Identity?
    func users() async throws -> [User]
    func addUser(
        name: String, role: Role, tokenLabel: String?, auditedAs actor: AuditActor?
    ) async throws
        -> IssuedToken
    func issueToken(user: String, label: String?, auditedAs actor: AuditActor?) async throws -> IssuedToken
    func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry]
    func tokens(user: String) async throws -> [TokenInfo]
    func revokeTokens(user: String, tokenId: Int64?, auditedAs actor: AuditActor?) async throws -> Int
    func setDisabled(_ disabled: Bool, user: String, auditedAs actor: AuditActor?) async throws
    func storageBytes() async throws -> Int64?
}

extension SQLiteStore: UserStorage {}
extension PostgresStore: UserStorage {}

/// Users, tokens and the audit trail on PostgreSQL: the same answers, errors, messages and audit rows as SQLite
/// (the rules UsersAPITests, TokenLabelTests, AuditTests and CLITests check over HTTP and the CLI), and one user
/// per name whatever its case even when servers add it at the same moment.
@Suite struct PostgresUsersTests {
    static let ada = AuditActor(name: "ada", address: "127.0.0.1")

    /// Each step of the script and what it answered, as both stores must answer it.
    static let expected = [
        "add nadia: user nadia, token 1, label laptop, vdt",
        "add NADIA again: exists: user 'NADIA' already exists",
        "add bad name: invalid: user name 'no spaces' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit",
        "add -dash: invalid: user name '-dash' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit",
        "add 65 letters: invalid: user name '\(String(repeating: "a", count: 65))' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit",
        "add system: invalid: 'system' is reserved",
        "add SYSTEM: invalid: 'system' is reserved",
        "token for Nadia: user nadia, token 2, label phone, vdt",
        "token for nobody: notFound: no user named 'nobody'",
        "token for system: notFound: no user named 'system'",
        "token for SYSTEM: notFound: no user named 'SYSTEM'",
        "token with a 101-character label: invalid: token label is longer than 100 characters",
        "token with a 100-character label: user nadia, token 3, label \(String(repeating: "é", count: 100)), vdt",
        "authenticate nadia's first token: nadia reviewer",
        "authenticate garbage: nobody",
        "authenticate an unknown well-formed token: nobody",
        "tokens of NADIA: 1 nadia laptop live | 2 nadia phone live | 3 nadia \(String(repeating: "é", count: 100)) live",
        "tokens of nobody: notFound: no user named 'nobody'",
        "tokens of system: none",
        "revoke nadia's token 1: 1",
        "revoke it again: 0",
        "revoke token 999: notFound: user 'nadia' has no token 999",
        "revoke nobody's: notFound: no user named 'nobody'",
        "authenticate the revoked token: nobody",
        "authenticate nadia's second token: nadia reviewer",
        "add bob unaudited: user bob, token 4, label -, vdt",
        "revoke all of BOB's: 1",
        "revoke all of bob's again: 0",
        "tokens of bob: 4 bob - revoked",
        "disable NADIA: done",
        "authenticate a disabled user's token: nobody",
        "token for disabled nadia: invalid: user 'nadia' is disabled; enable it first",
        "disable nobody: notFound: no user named 'nobody'",
        "disable system: notFound: no user named 'system'",
        "enable nadia: done",
        "authenticate an enabled user's token: nadia reviewer",
        "add Carl, alice, Zoe: Carl alice Zoe",
        "users: alice editor enabled | bob editor enabled | Carl reviewer enabled | nadia reviewer enabled | Zoe admin enabled",
        "audit: 1 ada user.create nadia role reviewer 127.0.0.1 | 2 ada token.issue nadia token 1, label laptop 127.0.0.1"
            + " | 3 ada token.issue nadia token 2, label phone 127.0.0.1"
            + " | 4 ada token.issue nadia token 3, label \(String(repeating: "é", count: 100)) 127.0.0.1"
            + " | 5 ada token.revoke nadia token 1 127.0.0.1 | 6 admin-cli token.revoke bob all 1 tokens -"
            + " | 7 admin-cli user.disable NADIA - - | 8 admin-cli user.enable nadia - -",
        "audit after 2, 3 at most: 3 4 5",
        "audit after 8: none",
        "storage: some bytes",
    ]

    @Test func usersTokensAndTheAuditTrailAnswerAsOnSQLite() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("users.sqlite").path
        let sqlite = try SQLiteStore(path: path)
        let onSQLite = await Self.transcript(sqlite)
        try sqlite.close()
        #expect(onSQLite == Self.expected, "the script's expectations are SQLite's answers")

        let onPostgres = try await TestPostgres.withDatabase { configuration in
            try await PostgresStore.withStore(configuration) { await Self.transcript($0) }
        }
        for (index, line) in onPostgres.enumerated() where index >= onSQLite.count || line != onSQLite[index] {
            Issue.record(
                "step \(index): PostgreSQL answered\n\(line)\nSQLite answered\n\(index < onSQLite.count ? onSQLite[index] : "-")"
            )
        }
        #expect(onPostgres.count == onSQLite.count)
    }

    @Test func serversAddingOneNameInDifferentCasesAtOnceMakeOneUser() async throws {
        try await TestPostgres.withDatabase { configuration in
            // Two stores, so two pools: the adds race in separate sessions and meet at users_name_nocase.
            try await PostgresStore.withStore(configuration) { first in
                try await PostgresStore.withStore(configuration) { second in
                    let names = ["mira", "MIRA", "Mira", "miRa", "mIRA", "MiRa", "mirA", "MIRa"]
                    let outcomes = await withTaskGroup(of: String.self) { group in
                        for (index, name) in names.enumerated() {
                            let store = index.isMultiple(of: 2) ? first : second
                            group.addTask {
                                do {
                                    return
                                        "added \(try await store.addUser(name: name, role: .reviewer, tokenLabel: nil, auditedAs: nil).user)"
                                } catch let error as StoreError {
                                    return error == .exists("user '\(name)' already exists") ? "exists" : "\(error)"
                                } catch {
                                    return "unexpected \(PostgresStore.reason(error))"
                                }
                            }
                        }
                        return await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(outcomes.filter { $0.hasPrefix("added ") }.count == 1, "\(outcomes)")
                    #expect(outcomes.filter { $0 == "exists" }.count == names.count - 1, "\(outcomes)")
                    let users = try await first.users()
                    #expect(users.map(\.name.localizedLowercase) == ["mira"])
                    let tokens = try await second.tokens(user: "MIRA")
                    #expect(tokens.count == 1, "one first token, for the one user")
                }
            }
        }
    }

    /// One server's transaction has drawn an audit entry and not committed when another server issues a token:
    /// a reader paging `after=` between the two commits must not see the later entry first and so pass the
    /// earlier one for good.
    @Test func anAuditReaderDoesNotPassAnEntryThatCommitsLate() async throws {
        try await TestPostgres.withDatabase { configuration in
            try await PostgresStore.withStore(configuration) { first in
                try await PostgresStore.withStore(configuration) { second in
                    _ = try await first.addUser(name: "ada", role: .admin, tokenLabel: nil, auditedAs: nil)
                    let actor = AuditActor(name: "ada", address: "127.0.0.1")
                    let start = try await second.auditEntries(after: 0, limit: 1_000).last?.id ?? 0
                    let (issuing, seenWhileOpen) = try await first.transaction { connection in
                        try await PostgresStore.audit(
                            on: connection, actor, "user.disable", target: "bob", detail: nil, logger: first.logger)
                        let issuing = Task {
                            try await second.issueToken(user: "ada", label: "fast", auditedAs: actor)
                        }
                        // Wait until the other server's entry shows, or 2 s: entries that commit in order make it
                        // wait for this transaction.
                        let deadline = ContinuousClock.now + .seconds(2)
                        var seen = try await second.auditEntries(after: start, limit: 10)
                        while seen.isEmpty, ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(20))
                            seen = try await second.auditEntries(after: start, limit: 10)
                        }
                        return (issuing, seen)
                    }
                    _ = try await issuing.value
                    let rest = try await second.auditEntries(after: seenWhileOpen.last?.id ?? start, limit: 10)
                    let all = try await second.auditEntries(after: start, limit: 10)
                    #expect(all.map(\.action) == ["user.disable", "token.issue"])
                    #expect((seenWhileOpen + rest).map(\.id) == all.map(\.id), "the reader passed an entry")
                }
            }
        }
    }

    // MARK: - The script

    static func transcript(_ store: some UserStorage) async -> [String] {
        var lines: [String] = []
        func step(_ name: String, _ work: () async throws -> String) async {
            do {
                lines.append("\(name): \(try await work())")
            } catch let error as StoreError {
                lines.append("\(name): \(error.code): \(error.description)")
            } catch {
                lines.append("\(name): unexpected \(PostgresStore.reason(error))")
            }
        }
        func issued(_ token: IssuedToken) -> String {
            "user \(token.user), token \(token.tokenId), label \(token.label ?? "-"), "
                + (token.token.wholeMatch(of: /vdt_[0-9a-f]{64}/) != nil ? "vdt" : "malformed \(token.token)")
        }
        func identity(_ identity: Identity?) -> String {
            identity.map { "\($0.name) \($0.role.rawValue)" } ?? "nobody"
        }
        func listed(_ tokens: [TokenInfo]) -> String {
            tokens.isEmpty
                ? "none"
                : tokens.map {
                    "\($0.id) \($0.user) \($0.label ?? "-") \($0.revokedAt == nil ? "live" : "revoked")"
                        + (isTimestamp($0.createdAt) && ($0.revokedAt.map(isTimestamp) ?? true) ? "" : " bad time")
                }.joined(separator: " | ")
        }
        func audited(_ entries: [AuditEntry]) -> String {
            entries.isEmpty
                ? "none"
                : entries.map {
                    "\($0.id) \($0.actor) \($0.action) \($0.target) \($0.detail ?? "-") \($0.address ?? "-")"
                        + (isTimestamp($0.at) ? "" : " bad time")
                }.joined(separator: " | ")
        }
        var first = ""
        var second = ""
        await step("add nadia") {
            let token = try await store.addUser(name: "nadia", role: .reviewer, tokenLabel: "laptop", auditedAs: ada)
            first = token.token
            return issued(token)
        }
        await step("add NADIA again") {
            issued(try await store.addUser(name: "NADIA", role: .editor, tokenLabel: nil, auditedAs: ada))
        }
        for (label, name) in [
            ("add bad name", "no spaces"), ("add -dash", "-dash"),
            ("add 65 letters", String(repeating: "a", count: 65)),
            ("add system", "system"), ("add SYSTEM", "SYSTEM"),
        ] {
            await step(label) {
                issued(try await store.addUser(name: name, role: .admin, tokenLabel: nil, auditedAs: ada))
            }
        }
        await step("token for Nadia") {
            let token = try await store.issueToken(user: "Nadia", label: "phone", auditedAs: ada)
            second = token.token
            return issued(token)
        }
        for name in ["nobody", "system", "SYSTEM"] {
            await step("token for \(name)") {
                issued(try await store.issueToken(user: name, label: nil, auditedAs: ada))
            }
        }
        await step("token with a 101-character label") {
            issued(try await store.issueToken(user: "nadia", label: String(repeating: "x", count: 101), auditedAs: ada))
        }
        await step("token with a 100-character label") {
            issued(try await store.issueToken(user: "nadia", label: String(repeating: "é", count: 100), auditedAs: ada))
        }
        await step("authenticate nadia's first token") { identity(try await store.authenticate(token: first)) }
        await step("authenticate garbage") { identity(try await store.authenticate(token: "garbage")) }
        await step("authenticate an unknown well-formed token") {
            identity(try await store.authenticate(token: "vdt_" + String(repeating: "0", count: 64)))
        }
        await step("tokens of NADIA") { listed(try await store.tokens(user: "NADIA")) }
        await step("tokens of nobody") { listed(try await store.tokens(user: "nobody")) }
        await step("tokens of system") { listed(try await store.tokens(user: "system")) }
        await step("revoke nadia's token 1") {
            "\(try await store.revokeTokens(user: "nadia", tokenId: 1, auditedAs: ada))"
        }
        await step("revoke it again") { "\(try await store.revokeTokens(user: "nadia", tokenId: 1, auditedAs: ada))" }
        await step("revoke token 999") {
            "\(try await store.revokeTokens(user: "nadia", tokenId: 999, auditedAs: ada))"
        }
        await step("revoke nobody's") {
            "\(try await store.revokeTokens(user: "nobody", tokenId: nil, auditedAs: ada))"
        }
        await step("authenticate the revoked token") { identity(try await store.authenticate(token: first)) }
        await step("authenticate nadia's second token") { identity(try await store.authenticate(token: second)) }
        await step("add bob unaudited") {
            issued(try await store.addUser(name: "bob", role: .editor, tokenLabel: nil, auditedAs: nil))
        }
        await step("revoke all of BOB's") {
            "\(try await store.revokeTokens(user: "BOB", tokenId: nil, auditedAs: .adminCLI))"
        }
        await step("revoke all of bob's again") {
            "\(try await store.revokeTokens(user: "bob", tokenId: nil, auditedAs: .adminCLI))"
        }
        await step("tokens of bob") { listed(try await store.tokens(user: "bob")) }
        await step("disable NADIA") {
            try await store.setDisabled(true, user: "NADIA", auditedAs: .adminCLI)
            return "done"
        }
        await step("authenticate a disabled user's token") { identity(try await store.authenticate(token: second)) }
        await step("token for disabled nadia") {
            issued(try await store.issueToken(user: "nadia", label: nil, auditedAs: ada))
        }
        await step("disable nobody") {
            try await store.setDisabled(true, user: "nobody", auditedAs: .adminCLI)
            return "done"
        }
        await step("disable system") {
            try await store.setDisabled(true, user: "system", auditedAs: .adminCLI)
            return "done"
        }
        await step("enable nadia") {
            try await store.setDisabled(false, user: "nadia", auditedAs: .adminCLI)
            return "done"
        }
        await step("authenticate an enabled user's token") { identity(try await store.authenticate(token: second)) }
        await step("add Carl, alice, Zoe") {
            var added: [String] = []
            for (name, role) in [("Carl", Role.reviewer), ("alice", .editor), ("Zoe", .admin)] {
                added.append(try await store.addUser(name: name, role: role, tokenLabel: nil, auditedAs: nil).user)
            }
            return added.joined(separator: " ")
        }
        await step("users") {
            try await store.users().map {
                "\($0.name) \($0.role.rawValue) \($0.disabled ? "disabled" : "enabled")"
                    + (isTimestamp($0.createdAt) ? "" : " bad time")
            }.joined(separator: " | ")
        }
        await step("audit") { audited(try await store.auditEntries(after: 0, limit: 100)) }
        await step("audit after 2, 3 at most") {
            try await store.auditEntries(after: 2, limit: 3).map { "\($0.id)" }.joined(separator: " ")
        }
        await step("audit after 8") { audited(try await store.auditEntries(after: 8, limit: 100)) }
        await step("storage") { (try await store.storageBytes() ?? 0) > 0 ? "some bytes" : "nothing" }
        return lines
    }

    static func isTimestamp(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil
    }
}
