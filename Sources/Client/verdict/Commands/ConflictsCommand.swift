import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List your edits that met a newer version on the server, with both sides.",
        discussion: "Settle each with `verdict resolve CLAIM --mine` (keep yours) or `--theirs` (take the server's).")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let conflicts = try options.open().conflicts()
        if output.json { return try conflicts.printJSON() }
        if conflicts.isEmpty {
            Terminal.print("No conflicts.")
            return
        }
        for conflict in conflicts {
            Terminal.print(
                "\(Terminal.styled("claim \(conflict.claim.prefix(8))", .yellow))  \(conflict.reason ?? conflict.code ?? "")"
            )
            if let quote = conflict.quote { Terminal.print("  \u{201C}\(multiline: quote)\u{201D}") }
            Terminal.print("  mine:   \(Self.describe(conflict.mine))")
            Terminal.print("  theirs: \(Self.describe(conflict.theirs))")
        }
        Terminal.print("Settle each with `verdict resolve CLAIM --mine` or `verdict resolve CLAIM --theirs`.")
    }

    static func describe(_ input: VerdictInput?) -> String {
        guard let input else { return "withdrawn" }
        var text = input.label
        if let confidence = input.confidence { text += String(format: " (%.0f%%)", confidence * 100) }
        if let note = input.rationale, !note.isEmpty { text += " \u{2014} \(note)" }
        return text
    }

    static func describe(_ verdict: Verdict?) -> String {
        guard let verdict else { return "(none)" }
        if verdict.deleted { return "withdrawn (version \(verdict.version))" }
        var text = "\(verdict.label) (\(Int((verdict.confidence * 100).rounded()))%)"
        if !verdict.rationale.isEmpty { text += " \u{2014} \(verdict.rationale)" }
        return text + " (version \(verdict.version), \(verdict.updatedAt))"
    }
}
