import ArgumentParser
import Foundation
import VerdictClientKit

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send your pending edits to the server.",
        discussion: """
            Each edit is applied, or kept here as a conflict (see `verdict conflicts`) or a rejection with the \
            server's reason (see `verdict status`). Safe to repeat after an interruption.
            """)

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        var sync = try options.sync(for: try options.open())
        let summary = try sync.push(progress: ProgressBar.onTerminal(label: "pushing", unit: "edits"))
        try report(summary)
    }
}

/// Prints how the server answered a push; exit status 2 when some edits were not applied.
func report(_ summary: Sync.PushSummary) throws {
    if summary.sent == 0 {
        Terminal.print("Nothing to push.")
        return
    }
    var parts = ["\(summary.applied) applied"]
    if summary.merged > 0 { parts.append("\(summary.merged) merged into existing claims") }
    if summary.conflicts > 0 { parts.append("\(summary.conflicts) in conflict") }
    if summary.rejected > 0 { parts.append("\(summary.rejected) rejected") }
    Terminal.print("Pushed: \(parts.joined(separator: ", ")).")
    if summary.conflicts > 0 {
        Terminal.print("See `verdict conflicts`, then `verdict resolve CLAIM --mine|--theirs`.")
    }
    if summary.rejected > 0 { Terminal.print("See `verdict status` for the server's reasons.") }
    if summary.conflicts > 0 || summary.rejected > 0 { throw CLIError("some edits were not applied", exitCode: 2) }
}
