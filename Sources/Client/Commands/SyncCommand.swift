import ArgumentParser
import Foundation

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Push your pending edits, then pull everything new.")

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let workspace = try options.open()
        var sync = Sync(
            workspace: workspace, client: try options.client(for: workspace), user: try workspace.identity().user)
        let pushed = try sync.push(progress: Progress.onTerminal(label: "pushing", unit: "edits"))
        let pulled = try sync.pull(progress: Progress.onTerminal(label: "pulling", unit: "changes"))
        print("Pulled \(pulled.changes) change\(pulled.changes == 1 ? "" : "s").")
        try report(pushed)
    }
}
