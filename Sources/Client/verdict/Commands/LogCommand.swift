import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "A claim's whole story: marking, corrections, assignments, every verdict version and publication.",
        discussion: """
            From this workspace's copy as of the last pull, plus your unpushed edits. Under the desk's blind \
            review, other reviewers' verdicts on a claim reach your workspace only once you have rated it (at \
            the next sync) or an editor has published it.
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let story = try options.open().claimStory(claim: claim)
        if output.json { return try story.printJSON() }
        Terminal.print(
            Terminal.styled("claim \(story.claimId.prefix(8))", .yellow)
                + "  \u{201C}\(multiline: story.quote)\u{201D}")
        for event in story.events {
            Terminal.print(Self.line(event))
            if let verdict = event.verdict {
                if !verdict.rationale.isEmpty {
                    Terminal.print("    \(multiline: verdict.rationale.replacingOccurrences(of: "\n", with: "\n    "))")
                }
                for item in verdict.evidence {
                    Terminal.print("    \(item.url)\(item.note.map { " \u{2014} \($0)" } ?? "")")
                }
            }
            if let publication = event.publication {
                if let correction = publication.correction { Terminal.print("    correction: \(correction)") }
                Terminal.print("    \(multiline: publication.summary.replacingOccurrences(of: "\n", with: "\n    "))")
                if let reason = publication.reason { Terminal.print("    reason: \(reason)") }
            }
        }
        if !story.events.contains(where: { $0.kind == "verdict" }) {
            Terminal.print(story.othersHidden ? "You have not rated this claim." : "No verdicts on this claim yet.")
        }
        if story.othersHidden {
            Terminal.print(
                Terminal.styled(
                    "Blind review: other reviewers' verdicts on this claim stay hidden until you rate it.", .dim))
        } else if story.othersAfterSync {
            Terminal.print(
                Terminal.styled("Blind review: the others' verdicts on this claim come with your next sync.", .dim))
        }
    }

    static func line(_ event: ClaimStory.Event) -> TerminalText {
        let who: TerminalText = event.by.map { "  \($0)" } ?? ""
        let what: TerminalText
        switch event.kind {
        case "verdict":
            guard let verdict = event.verdict else { return "\(event.at)" }
            what =
                verdict.deleted
                ? Terminal.styled("withdrew", .dim)
                : Terminal.styled("\(verdict.label)", .bold)
                    + "\(String(format: " (%.0f%%)", verdict.confidence * 100))"
            let local: TerminalText =
                verdict.local.map { Terminal.styled(" [\($0 == "pending" ? "unpushed" : $0)]", .yellow) } ?? ""
            return "\(event.at)\(who)  \(what)  v\(verdict.version)\(local)"
        case "published", "corrected":
            let label = event.publication?.label ?? ""
            what = Terminal.styled("\(event.kind)", .green) + " " + Terminal.styled("\(label)", .bold)
        case "assigned", "unassigned":
            guard let assignment = event.assignment else { return "\(event.at)" }
            let scope = assignment.articleId == nil ? "" : " (with its article)"
            let due = event.kind == "assigned" ? assignment.due.map { ", due \($0)" } ?? "" : ""
            what = "\(event.kind) \(Terminal.styled("\(assignment.reviewer)", .bold))\(scope)\(due)"
            return "\(event.at)\(who)  \(what)"
        case "linked": what = "linked as an appearance of claim \(event.linkedTo?.prefix(8) ?? "")"
        case "unlinked": what = "unlinked: a claim of its own again"
        case "marked": what = "marked the claim (revision \(event.revision ?? 0))"
        case "moved": what = "moved by a correction to revision \(event.revision ?? 0)"
        case "orphaned": what = Terminal.styled("orphaned by a correction", .yellow) + " (its quote is gone)"
        case "anchored": what = "anchored on revision \(event.revision ?? 0)"
        default: what = "claim \(event.kind)"
        }
        return "\(event.at)\(who)  \(what)  v\(event.version)"
    }
}
