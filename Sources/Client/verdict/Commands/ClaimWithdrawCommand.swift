import ArgumentParser
import Foundation
import VerdictClientKit

struct ClaimWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw a claim: yours while no one else has rated it, or any claim as an editor.",
        discussion: """
            A claim you marked here and never pushed is simply forgotten. Otherwise the withdrawal goes with the \
            next push; the claim and its verdicts are kept on the server, out of reviews and exports.
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (id, forgotten) = try options.open().withdrawClaim(claim)
        Terminal.print(
            forgotten
                ? "Forgot claim \(id.prefix(8)), which was only marked here."
                : "Withdrew claim \(id.prefix(8)); the server learns with the next push.")
    }
}
