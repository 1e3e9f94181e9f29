import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print an article with its claims highlighted and numbered, and your verdict on each.")

    @Argument(help: ArgumentHelp("The article's id, or a unique prefix of it.", valueName: "article"))
    var article: String

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let shown = try options.open().articleView(article)
        if output.json { return try shown.printJSON() }
        let shownArticle = shown.article
        Terminal.print(Terminal.styled(TerminalText(shownArticle.title), .bold))
        Terminal.print(
            Terminal.styled(
                "\([shownArticle.source, shownArticle.published, shownArticle.url].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))"
                    + "  [\(shownArticle.id.prefix(8)), revision \(shownArticle.revision)]",
                .dim))
        Terminal.print("")
        // The claims in this text, numbered in reading order, the same numbers in the text and in the list;
        // claims the text no longer holds are listed apart.
        let anchored = shown.claims.filter { $0.claim.isAnchored(in: shownArticle.revision) }
        let apart = shown.claims.filter { !$0.claim.isAnchored(in: shownArticle.revision) }
        Terminal.print(
            Self.highlight(
                shownArticle.body, claims: anchored.map(\.claim),
                width: Terminal.stdoutIsTerminal ? Terminal.size.columns : nil))
        Terminal.print("")
        if shown.claims.isEmpty {
            Terminal.print(
                Terminal.styled(
                    "No claims marked yet. Mark one with `verdict claim add \(shownArticle.id.prefix(8)) --quote \"...\"`.",
                    .dim))
        }
        for (number, rated) in anchored.enumerated() {
            Terminal.print(line(rated, number: "[\(number + 1)]", shown))
            Terminal.print(Self.quoted(rated.claim.quote))
        }
        if !apart.isEmpty {
            Terminal.print("")
            Terminal.print(
                Terminal.styled(
                    "Not in this text (orphaned by a correction, or marked on an older revision; an editor can "
                        + "re-attach or withdraw them):", .bold))
            for rated in apart {
                let why =
                    if rated.claim.anchoring == ClaimAnchoring.orphaned.rawValue {
                        "orphaned, last in revision \(rated.claim.revision)"
                    } else if rated.claim.revision > shownArticle.revision {
                        "on revision \(rated.claim.revision), newer than this copy: run `verdict pull`"
                    } else {
                        "marked on revision \(rated.claim.revision)"
                    }
                Terminal.print(line(rated, number: " - ", shown) + Terminal.styled("  (\(why))", .dim))
                Terminal.print(Self.quoted(rated.claim.quote))
            }
        }
    }

    /// One claim's line: its number, short id, the user's verdict and what is special about it.
    private func line(_ rated: RatedClaim, number: String, _ shown: ArticleView) -> TerminalText {
        let verdict =
            rated.verdict.map { verdict in
                var text = Terminal.styled("\(verdict.label)", .bold)
                if let confidence = verdict.confidence { text += " (\(Confidence.shown(confidence)))" }
                return text
            } ?? Terminal.styled("not rated", .dim)
        var flags: [String] = []
        if rated.claim.pending { flags.append("new") }
        if let state = rated.editState { flags.append(state == "pending" ? "unpushed" : state) }
        if rated.secondLook { flags.append("moved by a correction: look again") }
        if let primary = rated.claim.linkedTo { flags.append("appearance of \(primary.prefix(8))") }
        let flagText: TerminalText =
            flags.isEmpty ? "" : Terminal.styled(" [\(flags.joined(separator: ", "))]", .yellow)
        return
            "\(number) \(Terminal.styled("\(shown.shortIDs[rated.claim.id] ?? rated.claim.id)", .yellow))  \(verdict)\(flagText)"
    }

    /// The body with each claim's span marked: styled on a terminal, `[n>` ... `<n]` elsewhere; wrapped at
    /// words to `width` when given (on a terminal). The body is sanitized as multi-line text.
    static func highlight(_ body: String, claims: [LocalClaim], width: Int? = nil) -> TerminalText {
        // Styles go in as markers that take no room while the text is wrapped: two controls that the sanitized
        // body cannot hold, since the sanitizer shows every control but the line feed and tab.
        let (on, off, color) = ("\u{1}", "\u{2}", Terminal.useColor)
        let scalars = Array(body.unicodeScalars)
        var opens: [Int: [Int]] = [:]
        var closes: [Int: [Int]] = [:]
        for (index, claim) in claims.enumerated() where claim.start < claim.end && claim.end <= scalars.count {
            opens[claim.start, default: []].append(index + 1)
            closes[claim.end, default: []].append(index + 1)
        }
        var out = String.UnicodeScalarView()
        var depth = 0
        func append(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        for position in 0...scalars.count {
            for number in closes[position, default: []] {
                depth -= 1
                append(color ? off + "[\(number)]" : "<\(number)]")
                if color && depth > 0 { append(on) }
            }
            for number in opens[position, default: []] {
                depth += 1
                append(color ? on : "[\(number)>")
            }
            // One scalar at a time, so that the claims' scalar offsets still hold.
            if position < scalars.count { append(TerminalSanitizer.multiline(String(scalars[position]))) }
        }
        var text = String(out)
        if let width { text = Terminal.wrap(text, width: width, ignoring: [Character(on), Character(off)]) }
        return TerminalText(
            alreadySafe: text.replacingOccurrences(of: on, with: "\u{1B}[" + Terminal.Style.highlight.rawValue + "m")
                .replacingOccurrences(of: off, with: "\u{1B}[0m"))
    }

    /// A claim's quote on its own lines, in quotation marks unless it has its own, later lines indented too.
    static func quoted(_ quote: String) -> TerminalText {
        let marked =
            quote.first == "\u{201C}" || quote.first == "\"" ? quote : "\u{201C}" + quote + "\u{201D}"
        return "    \(multiline: marked.replacingOccurrences(of: "\n", with: "\n    "))"
    }
}
