import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct PublicationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publications",
        abstract: "List the desk's published verdicts, or one claim's publication with every correction.")

    @Argument(
        help: ArgumentHelp("A claim's id or unique prefix: show its whole publication history.", valueName: "claim"))
    var claim: String?

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try options.open()
        if let claim {
            let entry = try workspace.publication(claim: claim)
            if output.json { return try entry.printJSON() }
            Terminal.print(Terminal.styled("claim \(entry.claimId.prefix(8))", .yellow) + "  \(entry.articleTitle)")
            Terminal.print("  \u{201C}\(multiline: entry.quote)\u{201D}")
            if entry.versions.isEmpty && entry.local == nil { Terminal.print("Not published.") }
            for version in entry.versions {
                Terminal.print("")
                Terminal.print(
                    Terminal.styled("version \(version.version)", .bold) + "  \(version.label)  "
                        + Terminal.styled("\(version.updatedAt) by \(version.publishedBy)", .dim))
                if let correction = version.correction { Terminal.print("  correction: \(correction)") }
                Terminal.print("  \(multiline: version.summary.replacingOccurrences(of: "\n", with: "\n  "))")
                if let author = version.claimAuthor { Terminal.print("  claim by: \(author)") }
                if let reason = version.reason { Terminal.print("  reason: \(reason)") }
                for item in version.evidence { Terminal.print("  evidence: \(item.url)") }
                let consensus = version.consensus
                Terminal.print(
                    Terminal.styled(
                        "  consensus then: \(consensus.label ?? "none") "
                            + "(\(Int((consensus.probability * 100).rounded()))% of \(consensus.verdicts) verdicts)",
                        .dim))
            }
            if let local = entry.local { Terminal.print(Self.localLine(entry, state: local)) }
            return
        }
        let entries = try workspace.publications()
        if output.json { return try entries.printJSON() }
        if entries.isEmpty {
            Terminal.print("Nothing published yet. `verdict ready` lists the claims ready to publish.")
            return
        }
        for entry in entries {
            let published = entry.published.map { published -> TerminalText in
                let day = published.updatedAt.prefix(10)
                return
                    "\(Terminal.styled("\(published.label)", .bold)) v\(published.version) \(day) \(published.publishedBy)"
            }
            let local: TerminalText =
                entry.local.map { Terminal.styled(" [\($0 == "pending" ? "unpushed" : $0)]", .yellow) } ?? ""
            Terminal.print(
                "\(Terminal.styled("\(entry.claimId.prefix(8))", .yellow))  "
                    + "\(published ?? Terminal.styled("not yet published", .dim))\(local)  \u{201C}\(entry.quote)\u{201D}"
            )
        }
    }

    static func localLine(_ entry: PublicationEntry, state: String) -> TerminalText {
        let label: TerminalText = entry.localLabel.map { " as \($0)" } ?? ""
        switch state {
        case "pending": return Terminal.styled("An unpushed publication\(label) waits: run `verdict push`.", .yellow)
        default:
            return Terminal.styled(
                "The server refused the publication\(label) (\(state)): \(entry.localReason ?? "no reason given"). "
                    + "Publish again with what it asks for.", .yellow)
        }
    }
}
