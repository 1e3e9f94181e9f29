import ArgumentParser
import Foundation
import VerdictShared

/// `verdict-server users ...`: manage users and their API tokens, directly in the database file.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage users and their API tokens (works with the server running or not).",
        subcommands: [Add.self, List.self, Token.self, Tokens.self, Revoke.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user and print its first API token (shown once).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name: letters, digits, '.', '-' or '_'.") var name: String
        @Option(help: "admin, editor or reviewer.") var role: Role = .reviewer
        @Option(help: "A label for the token, e.g. the device it is for.") var label: String?
        @Flag(help: "Print the token as JSON.") var json = false

        func run() async throws {
            let store = try await database.openStore()
            let issued = try await storeCall {
                try await store.addUser(name: name, role: role, tokenLabel: label, auditedAs: .adminCLI)
            }
            try printToken(issued, json: json, headline: "created \(role.rawValue) '\(issued.user)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let users = try await database.openStore().users()
            if json { return try printJSON(users) }
            if users.isEmpty { return print("no users yet; add one with: verdict-server users add NAME --role admin") }
            let width = max(4, users.map(\.name.count).max() ?? 4)
            print("NAME".padding(toLength: width, withPad: " ", startingAt: 0) + "  ROLE      STATUS    CREATED")
            for user in users {
                print(
                    user.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + user.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                        + (user.disabled ? "disabled" : "active  ") + "  " + user.createdAt)
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue another API token for a user (one per device); printed once.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String
        @Option(help: "A label for the token, e.g. the device it is for.") var label: String?
        @Flag(help: "Print the token as JSON.") var json = false

        func run() async throws {
            let store = try await database.openStore()
            let issued = try await storeCall {
                try await store.issueToken(user: name, label: label, auditedAs: .adminCLI)
            }
            try printToken(issued, json: json, headline: "new token \(issued.tokenId) for '\(issued.user)'")
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's tokens (never their secrets).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try await database.openStore()
            let tokens = try await storeCall { try await store.tokens(user: name) }
            if json { return try printJSON(tokens) }
            for token in tokens {
                let state = token.revokedAt.map { "revoked \($0)" } ?? "active"
                print("\(token.id)\t\(token.label ?? "-")\tcreated \(token.createdAt)\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a user's tokens: one with --token, else all of them.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String
        @Option(help: "The id of the token to revoke (see `users tokens`).") var token: Int64?

        func run() async throws {
            let store = try await database.openStore()
            let count = try await storeCall {
                try await store.revokeTokens(user: name, tokenId: token, auditedAs: .adminCLI)
            }
            print("revoked \(count) token\(count == 1 ? "" : "s") of '\(name)'")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: their tokens stop working at once; their work is kept.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            let store = try await database.openStore()
            try await storeCall { try await store.setDisabled(true, user: name, auditedAs: .adminCLI) }
            print("disabled '\(name)'")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user again.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            let store = try await database.openStore()
            try await storeCall { try await store.setDisabled(false, user: name, auditedAs: .adminCLI) }
            print("enabled '\(name)'")
        }
    }
}

extension Role: ExpressibleByArgument {}

/// Runs a store call, turning its user-facing errors into one clear line and a non-zero exit.
@discardableResult
func storeCall<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        throw ValidationError(error.description)
    }
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func printToken(_ issued: IssuedToken, json: Bool, headline: String) throws {
    if json { return try printJSON(issued) }
    print(headline)
    print("token (shown once, store it now): \(issued.token)")
}
