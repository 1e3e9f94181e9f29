import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ArticlesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles", abstract: "List the articles in this workspace, with how many claims you have rated.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let lines = try options.open().ratedArticles()
        if output.json { return try lines.printJSON() }
        if lines.isEmpty {
            Terminal.print("No articles here yet; run `verdict pull`.")
            return
        }
        let short = Workspace.shortIDs(lines.map(\.id))
        for line in lines {
            let id = Terminal.styled("\(short[line.id] ?? line.id)", .yellow)
            let date = line.published.map { String($0.prefix(10)) } ?? "          "
            let progress = "\(line.rated)/\(line.claims) rated"
            let local = line.local.map {
                Terminal.styled(
                    " [\($0 == "new" ? "added here, unpushed" : $0 == "correction" ? "correction unpushed" : $0)]",
                    .yellow)
            }
            Terminal.print(
                "\(id)  \(date)  \(Terminal.fit(line.source, 20))  \(line.title)  "
                    + Terminal.styled("(\(progress))", .dim) + (local ?? ""))
        }
    }
}
