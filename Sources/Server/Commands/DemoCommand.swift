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
            On first run, imports the corpus and creates the users ada (admin), erin (editor), rita, ravi and \
            rhea (reviewers). Each run revokes the demo users' earlier tokens and prints new ones.
            """)

    @Option(help: "The demo database file.")
    var db = "demo/verdict-demo.sqlite"

    @Option(help: "The sample corpus directory.")
    var corpus = "Samples/corpus"

    @Option(
        help: ArgumentHelp(
            "Claims (with a few verdicts) to mark in the corpus on a new demo database.", valueName: "file"))
    var claims = "Samples/demo-claims.json"

    @OptionGroup var server: ServerOptions

    static let users: [(String, Role)] = [
        ("ada", .admin), ("erin", .editor), ("rita", .reviewer), ("ravi", .reviewer), ("rhea", .reviewer),
    ]

    func run() async throws {
        var config = try loadConfig(server.config)
        if server.config == nil {
            // The demo's ClaimReview items point at an example site; a real desk names its own pages.
            config.desk.claimReviewURL = "https://desk.example.org/checks/{claimId}"
        }
        let metrics = ServerMetrics()
        let store = try await DatabaseOptions(db: db).openStore(config: config, metrics: metrics)
        let fresh = try await store.articles(after: nil, limit: 1).isEmpty
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
        if fresh {
            let articles = try await importCorpus(into: store)
            try await markSampleClaims(in: articles, store: store)
        }
        let host = server.host
        let issued = tokens
        try await runServer(
            store: store, config: config, options: server.serveOptions, metrics: metrics,
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

    /// Imports the corpus's articles; returns each file's article id.
    private func importCorpus(into store: any VerdictStore) async throws -> [String: String] {
        let files: [URL]
        do {
            files = try ArticleImporter.files(in: [corpus])
        } catch {
            throw ValidationError(
                "cannot read the sample corpus: \(error) (run from the repository root or pass --corpus)")
        }
        var mutations: [Mutation] = []
        var fileOf: [String] = []
        for file in files {
            for input in try ArticleImporter.parse(file: file) {
                mutations.append(
                    Mutation(
                        mutationId: RecordID.make(), type: .article, op: .put, id: nil, baseVersion: nil,
                        record: .article(input)))
                fileOf.append(file.lastPathComponent)
            }
        }
        let results = try await store.apply(mutations, by: Identity(name: "system", role: .admin), remember: false)
            .map(\.result)
        var articles: [String: String] = [:]
        for (file, result) in zip(fileOf, results) where result.status == .applied {
            articles[file] = articles[file] ?? result.id
        }
        print("imported \(results.filter { $0.status == .applied }.count) sample articles from \(corpus)")
        return articles
    }

    /// The sample claims of `claims` (a JSON file), marked by the editor, and their verdicts, each by its
    /// reviewer: a new reviewer's first `verdict review` has work in it. A missing file marks nothing.
    private func markSampleClaims(in articles: [String: String], store: any VerdictStore) async throws {
        struct Sample: Decodable {
            struct Mark: Decodable {
                struct Rating: Decodable {
                    let reviewer: String
                    let label: String
                }
                let file: String
                let quote: String
                let verdicts: [Rating]
            }
            let claims: [Mark]
        }
        guard let data = FileManager.default.contents(atPath: claims) else {
            print("no sample claims at \(claims); the articles have none")
            return
        }
        let sample: Sample
        do {
            sample = try JSONDecoder().decode(Sample.self, from: data)
        } catch {
            throw ValidationError("cannot read the sample claims \(claims): \(error)")
        }
        var marked = 0
        var rated = 0
        for mark in sample.claims {
            guard let article = articles[mark.file] else { continue }
            let claim = Mutation(
                mutationId: RecordID.make(), type: .claim, op: .put, id: nil, baseVersion: nil,
                record: .claim(ClaimInput(articleId: article, quote: mark.quote)))
            let result = try await store.apply([claim], by: Identity(name: "erin", role: .editor), remember: false)
                .first?.result
            guard let result, result.status == .applied, let claimId = result.id else {
                print("sample claim not marked in \(mark.file): \(result?.reason ?? "no answer")")
                continue
            }
            marked += 1
            for rating in mark.verdicts {
                let role = Self.users.first { $0.0 == rating.reviewer }?.1 ?? .reviewer
                let verdict = Mutation(
                    mutationId: RecordID.make(), type: .verdict, op: .put, id: nil, baseVersion: nil,
                    record: .verdict(VerdictInput(claimId: claimId, label: rating.label)))
                let answer = try await store.apply(
                    [verdict], by: Identity(name: rating.reviewer, role: role), remember: false
                ).first?.result
                if answer?.status == .applied { rated += 1 }
            }
        }
        print("marked \(marked) sample claims with \(rated) verdicts (by ravi, erin and rhea; rita has none yet)")
    }
}

extension DatabaseOptions {
    init(db: String) {
        self.init()
        self.db = db
    }
}
