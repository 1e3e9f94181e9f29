import ArgumentParser
import Foundation
import VerdictClientKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Pending edits, conflicts, rejections, and when this workspace last synced. Works offline.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = try options.open().status()
        if output.json { return try status.printJSON() }
        Terminal.print("\(status.user) on \(status.server)")
        Terminal.print("workspace   \(status.workspace)")
        Terminal.print("last pull   \(status.lastPull ?? "never")  (cursor \(status.cursor))")
        Terminal.print("last push   \(status.lastPush ?? "never")")
        Terminal.print("pending     \(status.pending) edit\(status.pending == 1 ? "" : "s") to push")
        Terminal.print("conflicts   \(status.conflicts)")
        Terminal.print("rejected    \(status.rejected)")
        if status.movedClaims + status.orphanedClaims > 0 {
            Terminal.print(
                "corrected   \(status.movedClaims) claim\(status.movedClaims == 1 ? "" : "s") moved, "
                    + "\(status.orphanedClaims) orphaned by corrections in the last pull (`verdict show ARTICLE`)")
        }
        for problem in status.problems {
            let what: TerminalText =
                problem.type == "verdict"
                ? "your verdict on claim \(problem.claim ?? "?")" : "\(problem.type) \(problem.record)"
            Terminal.print(
                "  \(problem.state == "conflict" ? Terminal.styled("conflict", .yellow) : Terminal.styled("rejected", .red))  \(what): \(problem.reason ?? problem.code ?? "")"
            )
        }
    }
}
