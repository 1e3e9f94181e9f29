import ArgumentParser
import Foundation
import VerdictClientKit

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Push your pending edits, then pull everything new.")

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        var sync = try options.sync(for: try options.open())
        let pushed = try sync.push(progress: ProgressBar.onTerminal(label: "pushing", unit: "edits"))
        let pulled = try sync.pull(progress: ProgressBar.onTerminal(label: "pulling", unit: "changes"))
        report(pulled)
        try report(pushed)
    }
}
