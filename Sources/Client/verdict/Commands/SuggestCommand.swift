import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Sentences of an article worth checking that no claim marks yet, most check-worthy first.",
        discussion: """
            Offline. A sentence scores for what fact-checkers check: figures, amounts and units, dates, \
            attributions (said, according to, confirmed), comparisons and records, named people and places; \
            questions, opinions and very short sentences score low. Sentences that overlap a claim are left \
            out. Mark one with `verdict claim add ARTICLE --quote "..."`.
            """)

    @Argument(help: ArgumentHelp("The article's id or unique prefix.", valueName: "article"))
    var article: String

    @Option(help: ArgumentHelp("At most this many sentences.", valueName: "n")) var limit = 5

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be from 1 to 100") }
    }

    func run() throws {
        let view = try options.open().articleView(article)
        let marked = view.claims.map(\.claim).filter { $0.isAnchored(in: view.article.revision) }.map {
            $0.start..<$0.end
        }
        let candidates = CheckWorthiness.rank(view.article.body, excluding: marked, limit: limit)
        if output.json { return try candidates.printJSON() }
        if candidates.isEmpty {
            Terminal.print("No unmarked sentence of this article looks check-worthy.")
            return
        }
        let width = Terminal.size.columns
        for (number, candidate) in candidates.enumerated() {
            let score = String(format: "%3.0f%%", candidate.score * 100)
            Terminal.print(
                "\(number + 1). \(score)  " + Terminal.styled("\(candidate.reasons.joined(separator: ", "))", .dim))
            Terminal.print(
                "   \(multiline: Terminal.wrap(candidate.text, width: max(20, width - 3)).replacingOccurrences(of: "\n", with: "\n   "))"
            )
        }
        Terminal.print(
            Terminal.styled(
                "Mark one with `verdict claim add \(view.article.id.prefix(8)) --quote \"...\"` (a part of it will do).",
                .dim))
    }
}
