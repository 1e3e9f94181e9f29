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
            print(Terminal.styled("claim \(entry.claimId.prefix(8))", .yellow) + "  " + entry.articleTitle)
            print("  \u{201C}\(entry.quote)\u{201D}")
            if entry.versions.isEmpty && entry.local == nil { print("Not published.") }
            for version in entry.versions {
                print("")
                print(
                    Terminal.styled("version \(version.version)", .bold) + "  \(version.label)  "
                        + Terminal.styled("\(version.updatedAt) by \(version.publishedBy)", .dim))
                if let correction = version.correction { print("  correction: \(correction)") }
                print("  \(version.summary)")
                if let author = version.claimAuthor { print("  claim by: \(author)") }
                if let reason = version.reason { print("  reason: \(reason)") }
                for item in version.evidence { print("  evidence: \(item.url)") }
                let consensus = version.consensus
                print(
                    Terminal.styled(
                        "  consensus then: \(consensus.label ?? "none") "
                            + "(\(Int((consensus.probability * 100).rounded()))% of \(consensus.verdicts) verdicts)",
                        .dim))
            }
            if let local = entry.local { print(Self.localLine(entry, state: local)) }
            return
        }
        let entries = try workspace.publications()
        if output.json { return try entries.printJSON() }
        if entries.isEmpty {
            print("Nothing published yet. `verdict ready` lists the claims ready to publish.")
            return
        }
        for entry in entries {
            let published = entry.published.map {
                "\(Terminal.styled($0.label, .bold)) v\($0.version) \(String($0.updatedAt.prefix(10))) \($0.publishedBy)"
            }
            let local = entry.local.map { Terminal.styled(" [\($0 == "pending" ? "unpushed" : $0)]", .yellow) } ?? ""
            print(
                "\(Terminal.styled(String(entry.claimId.prefix(8)), .yellow))  "
                    + "\(published ?? Terminal.styled("not yet published", .dim))\(local)  \u{201C}\(entry.quote)\u{201D}"
            )
        }
    }

    static func localLine(_ entry: PublicationEntry, state: String) -> String {
        let label = entry.localLabel.map { " as \($0)" } ?? ""
        switch state {
        case "pending": return Terminal.styled("An unpushed publication\(label) waits: run `verdict push`.", .yellow)
        default:
            return Terminal.styled(
                "The server refused the publication\(label) (\(state)): \(entry.localReason ?? "no reason given"). "
                    + "Publish again with what it asks for.", .yellow)
        }
    }
}
