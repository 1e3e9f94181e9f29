import ArgumentParser
import Foundation
import Logging
import VerdictShared

/// `verdict-server demo`: a ready-to-try server with the sample corpus and demo users.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve a demo database: the sample corpus plus demo users, with fresh tokens printed.",
        discussion: """
            On first run, imports the corpus and creates the users ada (admin), erin (editor), rita and ravi \
            (reviewers). Each run revokes the demo users' earlier tokens and prints new ones.
            """)

    @Option(help: "The demo database file.")
    var db = "demo/verdict-demo.sqlite"

    @Option(help: "The sample corpus directory.")
    var corpus = "Samples/corpus"

    @OptionGroup var server: ServerOptions

    static let users: [(String, Role)] = [("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer)]

    func run() async throws {
        var config = try loadConfig(server.config)
        if server.config == nil {
            // The demo's ClaimReview items point at an example site; a real desk names its own pages.
            config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        }
        let store = try DatabaseOptions(db: db).openStore(config: config)
        if try await store.articles(after: nil, limit: 1).isEmpty {
            try await importCorpus(into: store)
        }
        var tokens: [IssuedToken] = []
        let existing = Set(try await store.users().map { $0.name.lowercased() })
        for (name, role) in Self.users {
            if existing.contains(name) {
                try await store.setDisabled(false, user: name)
                _ = try await store.revokeTokens(user: name, tokenId: nil)
                tokens.append(try await store.issueToken(user: name, label: "demo"))
            } else {
                tokens.append(try await store.addUser(name: name, role: role, tokenLabel: "demo"))
            }
        }
        let host = server.host
        let issued = tokens
        try await runServer(
            store: store, config: config, options: server.serveOptions,
            logger: Logs.logger(level: server.logLevel), databasePath: db,
            onRunning: { port in
                var text = "\nVerdict demo server on http://\(host):\(port)  (database: \(db); Ctrl-C stops it)\n\n"
                for token in issued {
                    let role = Self.users.first { $0.0 == token.user }?.1.rawValue ?? ""
                    text +=
                        "  \(token.user.padding(toLength: 5, withPad: " ", startingAt: 0)) \(role.padding(toLength: 9, withPad: " ", startingAt: 0)) \(token.token)\n"
                }
                text +=
                    "\nTry:\n  curl -s -H 'Authorization: Bearer \(issued[2].token)' http://\(host):\(port)/v1/articles\n"
                text +=
                    "or the terminal client, as rita:\n  VERDICT_TOKEN=\(issued[2].token) .build/release/verdict login "
                    + "--server http://\(host):\(port) --user rita\n  .build/release/verdict pull && "
                    + ".build/release/verdict review\n\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            })
    }

    private func importCorpus(into store: SQLiteStore) async throws {
        let files: [URL]
        do {
            files = try ArticleImporter.files(in: [corpus])
        } catch {
            throw ValidationError(
                "cannot read the sample corpus: \(error) (run from the repository root or pass --corpus)")
        }
        var mutations: [Mutation] = []
        for file in files {
            for input in try ArticleImporter.parse(file: file) {
                mutations.append(
                    Mutation(
                        mutationId: RecordID.make(), type: .article, op: .put, id: nil, baseVersion: nil,
                        record: .article(input)))
            }
        }
        let results = try await store.apply(mutations, by: Identity(name: "system", role: .admin), remember: false)
            .map(\.result)
        let imported = results.filter { $0.status == .applied }.count
        print("imported \(imported) sample articles from \(corpus)")
    }
}

extension DatabaseOptions {
    init(db: String) {
        self.init()
        self.db = db
    }
}
