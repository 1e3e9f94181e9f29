import ArgumentParser
import Foundation
import VerdictClientKit

struct ClaimReattachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reattach",
        abstract: "Re-attach a claim a correction orphaned to a quote of the article's current text (editors).",
        discussion: """
            The claim keeps its id and its verdicts and is marked as moved, so that its reviewers look again. \
            The quote is found as `verdict claim add` finds one. Sent with the next push.
            """)

    @Argument(help: ArgumentHelp("The orphaned claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Option(help: ArgumentHelp("The text in the current revision the claim now stands for.", valueName: "text"))
    var quote: String

    @Option(help: ArgumentHelp("Which appearance of the quote, counting from 1.", valueName: "n"))
    var occurrence: Int?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let occurrence, occurrence < 1 { throw ValidationError("--occurrence counts from 1") }
        if quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--quote is empty") }
    }

    func run() throws {
        let (id, text) = try options.open().reattachClaim(claim, quote: quote, occurrence: occurrence)
        Terminal.print(
            "Re-attached claim \(id.prefix(8)) to \u{201C}\(text)\u{201D}; it goes to the server with the next push.")
    }
}
