import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ClaimAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Mark a claim by quoting it exactly; works offline and is sent with the next push.",
        discussion: """
            The quote must appear in the article's current text (compared after Unicode normalization). When it \
            appears more than once, --occurrence N picks the Nth. If someone marked the same span first, the \
            server keeps their claim and your verdicts move onto it when you push.
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
        let marked = try options.open().markClaim(article: article, quote: quote, occurrence: occurrence)
        let claim = marked.claim
        if occurrence == nil && marked.occurrences > 1 {
            Terminal.note(
                "note: the quote appears \(marked.occurrences) times; marking the first (use --occurrence N for another)"
            )
        }
        if output.json { return try claim.printJSON() }
        if marked.alreadyMarked {
            print(
                "Claim \(claim.id.prefix(8)) already marks this span; rate it with `verdict rate \(claim.id.prefix(8)) LABEL`."
            )
        } else {
            print(
                "Marked claim \(claim.id.prefix(8)) (scalars \(claim.start)-\(claim.end)); it goes to the server with the next push."
            )
        }
    }
}
