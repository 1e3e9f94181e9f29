import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

/// A due day as the user may type it: `YYYY-MM-DD`, `today`, `tomorrow` or `+N` (days from today, UTC).
enum DueDay {
    static func parse(_ text: String, now: Date = Date()) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let days: Int? =
            switch trimmed {
            case "today": 0
            case "tomorrow": 1
            default: trimmed.hasPrefix("+") ? Int(trimmed.dropFirst().replacingOccurrences(of: "d", with: "")) : nil
            }
        if let days {
            guard (0...3650).contains(days) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let day = calendar.date(byAdding: .day, value: days, to: now) else { return nil }
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        return trimmed
    }
}

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Ask a reviewer to rate a claim, or every claim of an article (editors; sent with the next push).",
        discussion: """
            An article assignment covers the claims marked on it later too. Assigning what a reviewer already \
            has changes its due day. The reviewer finds it first in `verdict queue`; `verdict coverage` shows \
            how far assignments are done. Examples: `verdict assign 3f2a --to rita --due 2026-12-10`, `verdict \
            assign ARTICLE --to ravi --due +2`.
            """)

    @Argument(help: ArgumentHelp("A claim's or an article's id (or a unique prefix).", valueName: "claim-or-article"))
    var target: String

    @Option(help: ArgumentHelp("The reviewer's user name.", valueName: "name"))
    var to: String

    @Option(
        help: ArgumentHelp(
            "The day it is due: YYYY-MM-DD, today, tomorrow or +N days (UTC); overdue after it.", valueName: "day"))
    var due: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let day = try due.map { text -> String in
            guard let day = DueDay.parse(text) else {
                throw CLIError("--due must be YYYY-MM-DD, today, tomorrow or +N days, not '\(text)'", exitCode: 64)
            }
            return day
        }
        let change = try options.open().assign(target, to: to, due: day)
        switch change {
        case .assigned(let entry):
            Terminal.print(
                "Assigned \(Self.describe(entry)) to \(entry.reviewer)\(entry.due.map { ", due \($0)" } ?? ""). "
                    + "`verdict push` sends it.")
        case .updated(let entry, let changed):
            Terminal.print(
                changed
                    ? "\(entry.reviewer) is now due to rate \(Self.describe(entry)) by \(entry.due ?? "no day"). "
                        + "`verdict push` sends it."
                    : "\(entry.reviewer) already has \(Self.describe(entry))\(entry.due.map { ", due \($0)" } ?? "").")
        case .unassigned: break
        }
    }

    static func describe(_ entry: AssignmentEntry) -> TerminalText {
        if let claim = entry.claimId {
            return "claim \(claim.prefix(8)) \u{201C}\(Terminal.clip(entry.what, 60))\u{201D}"
        }
        return "article \(entry.articleId?.prefix(8) ?? "") (\(Terminal.clip(entry.what, 60)))"
    }
}

struct UnassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign",
        abstract: "Withdraw a reviewer's assignment of a claim or an article (editors; sent with the next push).")

    @Argument(help: ArgumentHelp("A claim's or an article's id (or a unique prefix).", valueName: "claim-or-article"))
    var target: String

    @Option(help: ArgumentHelp("The reviewer's user name.", valueName: "name"))
    var from: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        if case .unassigned(let entry) = try options.open().unassign(target, from: from) {
            Terminal.print(
                "Unassigned \(AssignCommand.describe(entry)) from \(entry.reviewer). `verdict push` sends it.")
        }
    }
}

struct AssignmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignments",
        abstract: "List the desk's live assignments, or one reviewer's.")

    @Option(help: ArgumentHelp("Only this reviewer's.", valueName: "name"))
    var reviewer: String?

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try options.open().assignments(reviewer: reviewer)
        if output.json { return try entries.printJSON() }
        if entries.isEmpty {
            Terminal.print(
                reviewer.map { "\($0) has no assignment." } ?? "No assignments. Editors assign with `verdict assign`.")
            return
        }
        let today = Timestamp.today()
        for entry in entries {
            let due: TerminalText =
                entry.due.map { $0 < today ? Terminal.styled("due \($0)", .red) : "due \($0)" } ?? "no due day"
            let local: TerminalText =
                entry.local.map {
                    Terminal.styled(
                        " [\($0 == "pending" ? "unpushed" : $0)\(entry.localReason.map { ": \($0)" } ?? "")]", .yellow)
                } ?? ""
            Terminal.print(
                "\(Terminal.styled("\(entry.reviewer)", .bold))  \(due)  \(AssignCommand.describe(entry))\(local)")
        }
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract:
            "How far the desk is: per article, claims with enough verdicts; per reviewer, assigned, rated, overdue.",
        discussion: """
            From this workspace's copy as of the last pull, plus your unpushed edits; `GET /v1/coverage` gives \
            the server's. A claim is covered when it has the desk's target of live verdicts. Overdue: assigned, \
            not rated, and past its due day (UTC). Editors see every reviewer; a reviewer sees their own rows \
            (and under blind review, the number of claims rather than verdict counts they cannot know).
            """)

    @Argument(help: ArgumentHelp("Only this article (id or unique prefix).", valueName: "article"))
    var article: String?

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try options.open()
        let coverage = try workspace.coverage(article: article)
        let withheld = try workspace.othersVerdictsWithheld()
        if output.json { return try coverage.printJSON() }
        if coverage.articles.isEmpty {
            Terminal.print("No articles here yet; run `verdict pull`.")
            return
        }
        let width = Terminal.size.columns
        let byArticle = Dictionary(grouping: coverage.reviewers, by: \.article)
        if withheld {
            Terminal.print(
                Terminal.styled(
                    "Blind review: the others' verdicts are not in your workspace, so they are not counted.", .dim))
        }
        Terminal.print(
            Terminal.styled(
                "Target: \(coverage.targetVerdicts) verdicts per claim; today \(coverage.today) (UTC)", .dim))
        for row in coverage.articles {
            Terminal.print("")
            Terminal.print(
                Terminal.styled("\(row.article.prefix(8))", .yellow) + "  "
                    + Terminal.styled(Terminal.clip(row.title, max(20, width - 10)), .bold))
            let claims =
                "\(row.claims) claim\(row.claims == 1 ? "" : "s")"
                + (row.targetVerdicts == coverage.targetVerdicts ? "" : " (target \(row.targetVerdicts) verdicts)")
            Terminal.print(
                withheld
                    ? "  \(claims)"
                    : "  \(row.covered) of \(claims) covered, \(row.verdicts) verdict\(row.verdicts == 1 ? "" : "s")")
            for reviewer in byArticle[row.article] ?? [] {
                let overdue: TerminalText =
                    reviewer.overdue > 0 ? "  " + Terminal.styled("\(reviewer.overdue) overdue", .red) : ""
                Terminal.print(
                    "  \(Terminal.fit(reviewer.reviewer, 16)) \(reviewer.rated) of \(reviewer.assigned) rated\(overdue)"
                )
            }
        }
    }
}
