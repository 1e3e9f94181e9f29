import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct UnrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unrate", abstract: "Withdraw your verdict on a claim (sent with the next push).")

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (id, removed) = try options.open().unrate(claim: claim)
        guard removed else { throw CLIError("you have no verdict on claim \(id.prefix(8))") }
        Terminal.print("Withdrew your verdict on claim \(id.prefix(8)); the server learns with the next push.")
    }
}
