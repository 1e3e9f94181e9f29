import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Claims that may state the same thing as a claim, in other articles too, to link as appearances.",
        discussion: """
            Ranked by the words and numbers the quotes share (rare words count more; a different figure \
            counts against), from this workspace, as `GET /v1/claims/{id}/similar` ranks them on the server. \
            Nothing is linked on its own: an editor links with `verdict link CLAIM --to OTHER`.
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Option(help: ArgumentHelp("At most this many suggestions.", valueName: "n")) var limit = 5

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be from 1 to 50") }
    }

    func run() throws {
        let found = try options.open().similarClaims(to: claim, limit: limit)
        if output.json { return try found.printJSON() }
        if found.suggestions.isEmpty {
            Terminal.print("No claim here looks like claim \(found.claimId.prefix(8)).")
            return
        }
        Terminal.print(Self.lines(found).joined(separator: "\n"))
        Terminal.print(
            Terminal.styled(
                "An editor links one with `verdict link \(found.claimId.prefix(8)) --to CLAIM`.", .dim))
    }

    static func lines(_ found: SimilarClaims) -> [TerminalText] {
        let width = Terminal.size.columns
        return found.suggestions.flatMap { candidate -> [TerminalText] in
            let score = String(format: "%3.0f%%", candidate.score * 100)
            let linked: TerminalText = candidate.linkedTo.map { " (appearance of \($0.prefix(8)))" } ?? ""
            return [
                "\(Terminal.styled("\(candidate.claimId.prefix(8))", .yellow))  \(score)  "
                    + Terminal.clip("\u{201C}\(candidate.quote)\u{201D}", max(20, width - 18)),
                "                "
                    + Terminal.styled(
                        Terminal.clip(
                            "\(candidate.articleSource), \(candidate.published.map { String($0.prefix(10)) } ?? "undated"): "
                                + candidate.articleTitle, max(20, width - 18 - linked.count)), .dim) + linked,
            ]
        }
    }
}
