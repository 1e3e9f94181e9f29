import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "What to rate next: your assigned claims first, then claims that still lack verdicts.",
        discussion: """
            First the claims assigned to you (by claim or by article) that you have not rated, by due day, \
            overdue ones marked; then the unassigned claims you have not rated that are not published and \
            have fewer verdicts than the desk's target. Under blind review the others' verdicts are not in \
            your workspace, so every unpublished claim you have not rated is listed. Claims a correction moved \
            since you rated them come back for a second look. `verdict review` goes through this queue. From \
            this workspace's copy as of the last pull, plus your unpushed edits.
            """)

    @Argument(help: ArgumentHelp("Only this article (id or unique prefix).", valueName: "article"))
    var article: String?

    @Option(help: ArgumentHelp("Show at most this many claims of each part (0: all).", valueName: "n"))
    var limit = 20

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
    }

    struct Item: Encodable {
        let claimId: String
        let articleId: String
        let quote: String
        let articleTitle: String
        let assigned: Bool
        let due: String?
        let overdue: Bool
        let secondLook: Bool
        let verdicts: Int?
    }

    func run() throws {
        let workspace = try options.open()
        let items = try workspace.queue(article: article)
        if output.json {
            return try items.map {
                Item(
                    claimId: $0.claim.claim.id, articleId: $0.article.id, quote: $0.claim.claim.quote,
                    articleTitle: $0.article.title, assigned: $0.assigned, due: $0.due, overdue: $0.overdue,
                    secondLook: $0.claim.secondLook, verdicts: $0.verdicts)
            }.printJSON()
        }
        let target = try workspace.desk().workflow.targetVerdicts
        let assigned = items.filter(\.assigned)
        let others = items.filter { !$0.assigned }
        if items.isEmpty {
            Terminal.print(
                "Your queue is empty: nothing assigned to you is left to rate, and every other claim is rated by "
                    + "you, published or has the desk's \(target) verdicts.")
            return
        }
        let width = Terminal.size.columns
        if !assigned.isEmpty {
            let overdue = assigned.filter(\.overdue).count
            Terminal.print(
                Terminal.styled("Assigned to you (\(assigned.count)", .bold)
                    + (overdue > 0 ? Terminal.styled(", \(overdue) overdue", .red) : "") + Terminal.styled("):", .bold))
            show(assigned, width: width, target: target)
        }
        if !others.isEmpty {
            if !assigned.isEmpty { Terminal.print("") }
            let blind = others.contains { $0.verdicts == nil }
            Terminal.print(
                Terminal.styled(
                    blind
                        ? "Not yet rated by you (\(others.count)):"
                        : "Still short of \(Self.targets(others, desk: target)) (\(others.count)):", .bold))
            show(others, width: width, target: target)
            if blind {
                Terminal.print(
                    Terminal.styled("Blind review: how many others rated these stays hidden until you do.", .dim))
            }
        }
    }

    /// "the desk's 3 verdicts", or "their target of verdicts" when articles set targets of their own.
    static func targets(_ items: [QueueItem], desk: Int) -> String {
        items.allSatisfy { $0.targetVerdicts == desk } ? "the desk's \(desk) verdicts" : "their target of verdicts"
    }

    private func show(_ items: [QueueItem], width: Int, target: Int) {
        let shown = limit == 0 ? items[...] : items.prefix(limit)
        for item in shown {
            var tags: [TerminalText] = []
            if let due = item.due {
                tags.append(item.overdue ? Terminal.styled("overdue \(due)", .red) : "due \(due)")
            }
            if item.claim.secondLook { tags.append(Terminal.styled("moved since you rated it", .yellow)) }
            if !item.assigned, let verdicts = item.verdicts {
                tags.append("\(verdicts) of \(item.targetVerdicts) verdicts")
            }
            let head = Terminal.styled("\(item.claim.claim.id.prefix(8))", .yellow) + "  "
            let quote = Terminal.clip("\u{201C}\(item.claim.claim.quote)\u{201D}", max(20, width - 10))
            Terminal.print(head + quote)
            Terminal.print(
                "          "
                    + ([Terminal.styled(Terminal.clip(item.article.title, max(20, width - 40)), .dim)] + tags)
                    .joined(separator: "  "))
        }
        if shown.count < items.count {
            Terminal.print(Terminal.styled("  ... and \(items.count - shown.count) more (--limit 0 shows all)", .dim))
        }
    }
}
