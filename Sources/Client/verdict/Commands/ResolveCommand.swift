import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflict or a rejected edit on a claim: keep yours (--mine) or drop it (--theirs).",
        discussion: """
            --mine sends your edit again with the next push, on top of the server's current version (a rejected \
            edit is sent as it is, for when what stopped it has changed). --theirs drops your edits on the \
            claim and keeps the server's side (for a claim you marked and the server refused, the claim too).
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Flag(help: "Keep your edit: it is sent again with the next push.")
    var mine = false

    @Flag(help: "Drop your edit and keep the server's side.")
    var theirs = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard mine != theirs else { throw ValidationError("give exactly one of --mine or --theirs") }
    }

    func run() throws {
        let id = try options.open().resolve(claim: claim, keepMine: mine)
        Terminal.print(
            mine
                ? "Kept your edit on claim \(id.prefix(8)); it goes to the server with the next push."
                : "Dropped your edit on claim \(id.prefix(8)); the server's side stands.")
    }
}
