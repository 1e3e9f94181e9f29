import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Go through claims one by one and rate each with a key press; every answer is saved at once.",
        discussion: """
            Keys: 1-9 pick a label of the scale; n types a note inline; e writes the note in $EDITOR; c sets \
            the confidence (70, 70% or 0.7); v adds an evidence URL; a tells where the claim is anchored; u \
            withdraws your verdict; s or → skips; b or ← goes back; q quits. The claim is shown in its \
            paragraph (as much as fits the terminal), marked [> like this <] without color. Without an \
            article, it goes through your queue (`verdict queue`): the claims assigned to you that you have \
            not rated, by due day, then the other claims you have not rated that still lack the desk's target \
            of verdicts; and those a correction moved since you rated them. With an article, every claim of it \
            you have not rated. Needs a terminal: in scripts, use `verdict rate`.
            """)

    @Argument(help: ArgumentHelp("An article's id or unique prefix; all articles when left out.", valueName: "article"))
    var article: String?

    @Flag(help: "Also visit the claims you have already rated (in text order).")
    var all = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        guard Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal else {
            throw CLIError(
                "`verdict review` is interactive and needs a terminal; in scripts use `verdict rate CLAIM LABEL`")
        }
        let workspace = try options.open()
        let scale = try workspace.scale()
        guard scale.labels.count <= 9 else { throw CLIError("the scale has more than 9 labels; use `verdict rate`") }
        var queue = try workspace.reviewQueue(article: article).map { (article: $0.article, claim: $0.claim, due: "") }
        if !all {
            // Unrated claims, and rated ones a correction moved since: those deserve a second look.
            let unrated = queue.filter { $0.claim.verdict == nil || $0.claim.secondLook }
            if unrated.isEmpty && !queue.isEmpty {
                Terminal.print("Every claim here has your verdict. Use --all to go through them again.")
                return
            }
            queue = unrated
            if article == nil {
                // Without an article: the queue, assigned claims first.
                let items = try workspace.queue()
                if items.isEmpty && !queue.isEmpty {
                    let target = try workspace.desk().workflow.targetVerdicts
                    Terminal.print(
                        "Your queue is empty: nothing is assigned to you, and the claims you have not rated are "
                            + "published or have the desk's \(target) verdicts. `verdict review ARTICLE` or "
                            + "`verdict review --all` goes through them anyway.")
                    return
                }
                queue = items.map { item in
                    let due =
                        item.assigned
                        ? (item.overdue
                            ? "assigned, overdue since \(item.due ?? "")"
                            : "assigned"
                                + (item.due.map { ", due \($0)" } ?? "")) : ""
                    return (item.article, item.claim, due)
                }
            }
        }
        if queue.isEmpty {
            Terminal.print("No claims to review. Mark one with `verdict claim add ARTICLE --quote \"...\"`.")
            return
        }
        let terminal = try RawMode()
        defer { terminal.suspend() }
        var index = 0
        var message = ""
        /// The claims whose verdict was set or changed here, each counted once.
        var rated: Set<String> = []
        while index >= 0 && index < queue.count {
            let (article, item, assignment) = queue[index]
            let current = try workspace.currentVerdict(claimId: item.claim.id)
            // A verdict given before a correction moved the claim, and not changed since: ask for a second look.
            let lookAgain = item.secondLook && current == item.verdict
            draw(
                article: article, claim: item.claim, verdict: current, scale: scale, position: index, of: queue.count,
                assignment: assignment,
                message: message.isEmpty && lookAgain
                    ? "a correction moved this claim after you rated it: read it again (a: where it is now)" : message)
            message = ""
            let pressed = terminal.readKey()
            switch pressed {
            case .character(let key) where key.isNumber:
                guard let number = key.wholeNumberValue, number >= 1, number <= scale.labels.count else {
                    message = "no label \(key)"
                    continue
                }
                let label = scale.labels[number - 1].id
                var fields = current ?? VerdictInput(claimId: item.claim.id, label: label)
                fields.label = label
                fields.claimId = item.claim.id
                try workspace.rate(claim: item.claim.id, fields)
                rated.insert(item.claim.id)
                index += 1
            case .character("n"), .character("e"):
                guard var updated = current else {
                    message = "pick a label first, then add a note"
                    continue
                }
                if pressed == .character("n") {
                    let line = terminal.readLine(prompt: "Note (Enter to save, empty to keep): ")
                    if line.isEmpty { continue }
                    updated.rationale = line
                } else {
                    terminal.suspend()
                    let edited = try Editor.edit(updated.rationale ?? "")
                    terminal.resume()
                    updated.rationale = edited.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                try workspace.rate(claim: item.claim.id, updated)
                message = "note saved"
            case .character("c"):
                guard let fields = current else {
                    message = "pick a label first, then set the confidence"
                    continue
                }
                let line = terminal.readLine(prompt: "Confidence (70, 70% or 0.7): ")
                guard let value = Confidence.parse(line) else {
                    message = "confidence must be from 0 to 100% (70, 70% or 0.7)"
                    continue
                }
                var updated = fields
                updated.confidence = value
                try workspace.rate(claim: item.claim.id, updated)
                message = "confidence saved"
            case .character("v"):
                guard var updated = current else {
                    message = "pick a label first, then add evidence"
                    continue
                }
                let url = terminal.readLine(prompt: "Evidence URL (http or https): ")
                    .trimmingCharacters(in: .whitespaces)
                guard !url.isEmpty else { continue }
                guard isWebAddress(url) else {
                    message = "evidence must be an http:// or https:// URL"
                    continue
                }
                var sources = updated.evidence ?? []
                if !sources.contains(where: { $0.url == url }) { sources.append(Evidence(url: url)) }
                updated.evidence = sources
                try workspace.rate(claim: item.claim.id, updated)
                message = "evidence added (\(sources.count) source\(sources.count == 1 ? "" : "s"))"
            case .character("a"):
                message = Self.anchoring(of: item.claim, in: article)
            case .character("u"):
                let removed = try workspace.unrate(claim: item.claim.id).withdrawn
                message = removed ? "verdict withdrawn" : "you had no verdict here"
            case .character("s"), .character(" "), .right, .down, .enter:
                index += 1
            case .character("b"), .left, .up:
                index = max(0, index - 1)
            case .character("q"), .interrupt, .endOfInput, .escape:
                index = -1
            default:
                message =
                    "keys: 1-\(scale.labels.count) label, n note, e editor, c confidence, v evidence, a anchoring, "
                    + "u withdraw, s skip, b back, q quit"
            }
        }
        terminal.suspend()
        Terminal.clearScreen()
        if rated.isEmpty {
            Terminal.print("No new ratings. Edits made here, if any, wait for `verdict push`.")
        } else {
            Terminal.print(
                "Saved \(rated.count) rating\(rated.count == 1 ? "" : "s") here. `verdict push` sends \(rated.count == 1 ? "it" : "them") to the server."
            )
        }
    }

    private func draw(
        article: Article, claim: LocalClaim, verdict: VerdictInput?, scale: VerdictScale, position: Int, of total: Int,
        assignment: String, message: String
    ) {
        // Everything from the workspace (title, source, text, labels, note, evidence) is sanitized on the way in.
        var out: TerminalText = ""
        let width = Terminal.size.columns
        let counter: TerminalText = "claim \(position + 1) of \(total)" + (assignment.isEmpty ? "" : " (\(assignment))")
        out +=
            Terminal.styled(counter, .dim) + "  "
            + Terminal.styled(Terminal.fit(article.title, max(10, width - counter.count - 2)), .bold)
            + "\n" + Terminal.styled("\(article.source)", .dim) + "\n\n"
        out += Self.context(of: claim, in: article) + "\n\n"
        if let verdict {
            out += "your verdict: " + Terminal.styled("\(verdict.label)", .bold)
            if let confidence = verdict.confidence { out += " (\(Confidence.shown(confidence)))" }
            if let note = verdict.rationale, !note.isEmpty {
                out += "\n  note: \(multiline: note.replacingOccurrences(of: "\n", with: "\n        "))"
            }
            for source in verdict.evidence ?? [] { out += "\n  evidence: \(source.url)" }
            out += "\n\n"
        } else {
            out += Terminal.styled("not rated yet", .dim) + "\n\n"
        }
        // Key help in items that never break inside, wrapped to the terminal.
        func line(_ items: [(key: String, what: String)]) -> TerminalText {
            var lines: [TerminalText] = []
            var current: TerminalText = ""
            var used = 0
            for item in items {
                let length = 2 + item.key.count + 1 + item.what.count
                if used > 0 && used + length > width {
                    lines.append(current)
                    (current, used) = ("", 0)
                }
                current += "  " + Terminal.styled("\(item.key)", .cyan) + " \(item.what)"
                used += length
            }
            return (lines + [current]).joined(separator: "\n") + "\n"
        }
        out += line(scale.labels.enumerated().map { ("\($0 + 1)", $1.name) })
        out += line([
            ("n", "note"), ("e", "editor"), ("c", "confidence"), ("v", "evidence"), ("a", "anchoring"),
            ("u", "withdraw"), ("s", "skip"), ("b", "back"), ("q", "quit"),
        ])
        if !message.isEmpty {
            out += "\n" + Terminal.styled(Terminal.wrap(TerminalText(message), width: width), .yellow) + "\n"
        }
        Terminal.clearScreen()
        Terminal.write(out)
    }

    /// The claim in its paragraph of the current text, sized to the terminal and cut at word boundaries, the
    /// quote highlighted (marked `[>` ... `<]` without color); an ellipsis only where text was left out. A claim
    /// the current text no longer holds is shown with the context it was marked in. The text is sanitized as
    /// multi-line text.
    static func context(of claim: LocalClaim, in article: Article) -> TerminalText {
        let size = Terminal.size
        let budget = max(200, size.columns * max(3, size.rows - 16))
        var excerpt: TextExcerpt
        var note: TerminalText = ""
        if claim.isAnchored(in: article.revision) {
            excerpt = TextExcerpt(of: article.body, start: claim.start, end: claim.end, budget: budget)
        } else {
            // Only the context stored with the claim is left: up to 32 scalars each side, cut at a word here.
            excerpt = TextExcerpt(
                of: claim.prefix + claim.quote + claim.suffix, start: TextAnchor.length(claim.prefix),
                end: TextAnchor.length(claim.prefix + claim.quote), budget: budget)
            if TextAnchor.length(claim.prefix) >= TextAnchor.contextLength,
                let space = excerpt.before.firstIndex(of: " ")
            {
                excerpt.before = String(excerpt.before[excerpt.before.index(after: space)...])
                excerpt.cutBefore = true
            }
            if TextAnchor.length(claim.suffix) >= TextAnchor.contextLength, let space = excerpt.after.lastIndex(of: " ")
            {
                excerpt.after = String(excerpt.after[..<space])
                excerpt.cutAfter = true
            }
            note =
                "\n"
                + Terminal.styled(
                    Terminal.wrap(TerminalText(anchoring(of: claim, in: article)), width: size.columns), .yellow)
        }
        // Markers that take no room while the text is wrapped, turned into the highlight afterwards: two
        // controls that the sanitized text cannot hold, since the sanitizer shows every control but line feed
        // and tab.
        let (open, close) = Terminal.useColor ? ("\u{1}", "\u{2}") : ("[>", "<]")
        let plain =
            (excerpt.cutBefore ? "\u{2026}" : "") + TerminalSanitizer.multiline(excerpt.before) + open
            + TerminalSanitizer.multiline(excerpt.quote) + close + TerminalSanitizer.multiline(excerpt.after)
            + (excerpt.cutAfter ? "\u{2026}" : "")
        let wrapped = Terminal.wrap(plain, width: size.columns, ignoring: ["\u{1}", "\u{2}"])
        let highlight = "\u{1B}[" + Terminal.Style.highlight.rawValue + "m"
        return TerminalText(
            alreadySafe: wrapped.replacingOccurrences(of: "\u{1}", with: highlight)
                .replacingOccurrences(of: "\u{2}", with: "\u{1B}[0m")) + note
    }

    /// Where the claim is anchored, in words.
    static func anchoring(of claim: LocalClaim, in article: Article) -> String {
        if claim.pending { return "marked here on revision \(claim.revision); the server places it when you push" }
        switch claim.anchoring {
        case ClaimAnchoring.orphaned.rawValue:
            return
                "orphaned: a correction removed its quote (last in revision \(claim.revision) of \(article.revision)); "
                + "an editor can re-attach or withdraw it"
        case ClaimAnchoring.moved.rawValue:
            return "moved by a correction to scalars \(claim.start)-\(claim.end) of revision \(claim.revision)"
        default:
            return "anchored where it was marked, scalars \(claim.start)-\(claim.end) of revision \(claim.revision)"
        }
    }
}
