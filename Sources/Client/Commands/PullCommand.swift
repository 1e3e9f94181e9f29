import ArgumentParser
import Foundation

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch everything that changed on the server since the last pull.",
        discussion: "Edits you have not pushed are never overwritten. An interrupted pull resumes where it stopped.")

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let workspace = try options.open()
        let summary = try Sync(
            workspace: workspace, client: try options.client(for: workspace), user: try workspace.identity().user
        )
        .pull(progress: Progress.onTerminal(label: "pulling", unit: "changes"))
        print("Pulled \(summary.changes) change\(summary.changes == 1 ? "" : "s").")
    }
}
