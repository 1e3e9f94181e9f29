import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ClaimAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Mark a claim by quoting it exactly; works offline and is sent with the next push.",
        discussion: """
            The quote must appear in the article's current text (compared after Unicode normalization); when \
            it does not, it may still match once curly and straight quotes, dashes and the minus sign, and \
            non-breaking spaces count as the same, and the claim takes the article's own text. When it appears \
            more than once, each place is listed with its context: pick one with --occurrence N. If someone \
            marked the same span first, the server keeps their claim and your verdicts move onto it when you push.
            """)

    @Argument(help: ArgumentHelp("The article's id, or a unique prefix of it.", valueName: "article"))
    var article: String

    @Option(help: ArgumentHelp("The exact text of the claim.", valueName: "text"))
    var quote: String

    @Option(help: ArgumentHelp("Which appearance of the quote, counting from 1.", valueName: "n"))
    var occurrence: Int?

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let occurrence, occurrence < 1 { throw ValidationError("--occurrence counts from 1") }
        if quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--quote is empty") }
    }

    func run() throws {
        let workspace = try options.open()
        let marked = try workspace.markClaim(article: article, quote: quote, occurrence: occurrence)
        let claim = marked.claim
        if marked.matchedLoosely {
            Terminal.note(
                "note: marked \u{201C}\(claim.quote)\u{201D}, the article's own text (curly quotes, dashes and "
                    + "non-breaking spaces compared loosely)")
        }
        if output.json { return try claim.printJSON() }
        if marked.alreadyMarked {
            Terminal.print(
                "Claim \(claim.id.prefix(8)) already marks this span; rate it with `verdict rate \(claim.id.prefix(8)) LABEL`."
            )
        } else {
            Terminal.print(
                "Marked claim \(claim.id.prefix(8)) (scalars \(claim.start)-\(claim.end)); it goes to the server with the next push."
            )
            // The same proposition may already be marked elsewhere: an editor can link them.
            let similar = try workspace.similarClaims(to: claim.id, limit: 3)
            if !similar.suggestions.isEmpty {
                Terminal.print(Terminal.styled("It may say the same as:", .bold))
                Terminal.print(SimilarCommand.lines(similar).joined(separator: "\n"))
                Terminal.print(
                    Terminal.styled(
                        "An editor links it with `verdict link \(claim.id.prefix(8)) --to CLAIM`.", .dim))
            }
        }
    }
}
