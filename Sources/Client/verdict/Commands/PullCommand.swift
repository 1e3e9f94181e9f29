import ArgumentParser
import Foundation
import VerdictClientKit

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch everything that changed on the server since the last pull.",
        discussion: "Edits you have not pushed are never overwritten. An interrupted pull resumes where it stopped.")

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let summary = try options.sync(for: try options.open()).pull(
            progress: ProgressBar.onTerminal(label: "pulling", unit: "changes"))
        report(summary)
    }
}

/// Prints what a pull did.
func report(_ summary: Sync.PullSummary) {
    Terminal.print("Pulled \(summary.changes) change\(summary.changes == 1 ? "" : "s").")
    if summary.movedClaims + summary.orphanedClaims > 0 {
        Terminal.print(
            "Corrections moved \(summary.movedClaims) claim\(summary.movedClaims == 1 ? "" : "s") and orphaned "
                + "\(summary.orphanedClaims); `verdict show ARTICLE` marks the verdicts to look at again.")
    }
}
