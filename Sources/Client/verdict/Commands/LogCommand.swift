import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The history of verdicts on a claim, as far as this workspace has seen it.")

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try options.open().verdictHistory(claim: claim)
        if output.json { return try entries.printJSON() }
        if entries.isEmpty {
            print("No verdicts on this claim yet.")
            return
        }
        for entry in entries {
            let what =
                entry.deleted
                ? Terminal.styled("withdrew", .dim)
                : Terminal.styled(entry.label, .bold)
                    + String(format: " (%.0f%%)", entry.confidence * 100)
            let local = entry.local.map { Terminal.styled(" [\($0 == "pending" ? "unpushed" : $0)]", .yellow) } ?? ""
            print("\(entry.at)  \(entry.reviewer)  \(what)  v\(entry.version)\(local)")
            if !entry.rationale.isEmpty {
                print("    " + entry.rationale.replacingOccurrences(of: "\n", with: "\n    "))
            }
            for item in entry.evidence { print("    \(item.url)\(item.note.map { " \u{2014} \($0)" } ?? "")") }
        }
    }
}
