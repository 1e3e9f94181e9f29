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
        print(Terminal.styled(shownArticle.title, .bold))
        print(
            Terminal.styled(
                [shownArticle.source, shownArticle.published, shownArticle.url].compactMap { $0 }.filter { !$0.isEmpty }
                    .joined(separator: " · ") + "  [\(shownArticle.id.prefix(8)), revision \(shownArticle.revision)]",
                .dim))
        print("")
        print(
            Self.highlight(
                shownArticle.body, claims: shown.claims.map(\.claim).filter { $0.revision == shownArticle.revision }))
        print("")
        if shown.claims.isEmpty {
            print(
                Terminal.styled(
                    "No claims marked yet. Mark one with `verdict claim add \(shownArticle.id.prefix(8)) --quote \"...\"`.",
                    .dim))
        }
        for (number, rated) in shown.claims.enumerated() {
            let verdict =
                rated.verdict.map { verdict in
                    var text = Terminal.styled(verdict.label, .bold)
                    if let confidence = verdict.confidence { text += String(format: " (%.0f%%)", confidence * 100) }
                    return text
                } ?? Terminal.styled("not rated", .dim)
            var flags: [String] = []
            if rated.claim.pending { flags.append("new") }
            if let state = rated.editState { flags.append(state == "pending" ? "unpushed" : state) }
            let flagText = flags.isEmpty ? "" : Terminal.styled(" [" + flags.joined(separator: ", ") + "]", .yellow)
            print(
                "[\(number + 1)] \(Terminal.styled(shown.shortIDs[rated.claim.id] ?? rated.claim.id, .yellow))  \(verdict)\(flagText)"
            )
            print("    \u{201C}\(rated.claim.quote)\u{201D}")
        }
    }

    /// The body with each claim's span marked: styled on a terminal, `[n>` ... `<n]` elsewhere.
    static func highlight(_ body: String, claims: [LocalClaim]) -> String {
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
                append(Terminal.useColor ? "\u{1B}[0m" + Terminal.styled("[\(number)]", .cyan) : "<\(number)]")
                if Terminal.useColor && depth > 0 { append("\u{1B}[1;4;33m") }
            }
            for number in opens[position, default: []] {
                depth += 1
                append(Terminal.useColor ? "\u{1B}[1;4;33m" : "[\(number)>")
            }
            if position < scalars.count { out.append(scalars[position]) }
        }
        return String(out)
    }
}
