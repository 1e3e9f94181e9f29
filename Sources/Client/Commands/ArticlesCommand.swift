import ArgumentParser
import Foundation
import GRDB
import VerdictShared

struct ArticlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles", abstract: "List the articles in this workspace, with how many claims you have rated.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    struct Line: Encodable {
        let id: String
        let title: String
        let source: String
        let published: String?
        let revision: Int
        let claims: Int
        let rated: Int
    }

    func run() throws {
        let workspace = try options.open()
        let user = try workspace.identity().user
        let lines = try workspace.db.read { db in
            let counts = try Workspace.articleCounts(user: user, db)
            return try String.fetchAll(db, sql: "SELECT json FROM articles").map { json -> Line in
                let article = try Workspace.decode(Article.self, json)
                let count = counts[article.id] ?? (0, 0)
                return Line(
                    id: article.id, title: article.title, source: article.source, published: article.published,
                    revision: article.revision, claims: count.claims, rated: count.rated)
            }.sorted { ($0.published ?? "", $0.title) > ($1.published ?? "", $1.title) }
        }
        if output.json { return try lines.printJSON() }
        if lines.isEmpty {
            print("No articles here yet; run `verdict pull`.")
            return
        }
        let short = Workspace.shortIDs(lines.map(\.id))
        for line in lines {
            let id = Terminal.styled(short[line.id] ?? line.id, .yellow)
            let date = line.published.map { String($0.prefix(10)) } ?? "          "
            let progress = "\(line.rated)/\(line.claims) rated"
            print(
                "\(id)  \(date)  \(Self.fit(line.source, 20))  \(line.title)  "
                    + Terminal.styled("(\(progress))", .dim))
        }
    }
}

extension ArticlesCommand {
    /// `text` cut or padded to `width` characters.
    static func fit(_ text: String, _ width: Int) -> String {
        text.count > width
            ? String(text.prefix(width - 1)) + "\u{2026}" : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
