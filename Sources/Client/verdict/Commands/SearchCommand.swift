import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the claims and articles in this workspace, or list the claims that filters keep.",
        discussion: """
            Every word or number given must appear, as the start of a word (`drone` finds drones), accents and \
            case ignored; nothing typed is read as search syntax. Claims match on their quote, articles on \
            their title and text. Filters keep claims only: --unrated (by you), --disputed (enough verdicts \
            but no consensus that meets the desk's quorum, unpublished), --published, --orphaned (a \
            correction removed the quote), --reviewer NAME (they rated it, as far as this workspace sees: \
            under blind review, only claims you rated too), --article ARTICLE. Without words, the claims \
            the filters keep, in reading order: `verdict search --disputed`. Claims marked here and not yet \
            pushed are not searched.
            """)

    @Argument(parsing: .remaining, help: ArgumentHelp("Words and numbers to find.", valueName: "text"))
    var words: [String] = []

    @Option(help: ArgumentHelp("Only this article (id or unique prefix).", valueName: "article"))
    var article: String?
    @Flag(help: "Only claims you have not rated.") var unrated = false
    @Flag(help: "Only disputed claims.") var disputed = false
    @Flag(help: "Only published claims.") var published = false
    @Flag(help: "Only claims a correction orphaned.") var orphaned = false
    @Option(help: ArgumentHelp("Only claims this reviewer rated.", valueName: "name")) var reviewer: String?
    @Option(help: ArgumentHelp("At most this many claims and articles.", valueName: "n")) var limit = 50

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000") }
    }

    func run() throws {
        let text = words.joined(separator: " ")
        let filters = ClaimFilters(
            article: article, unratedByMe: unrated, disputed: disputed, published: published, orphaned: orphaned,
            reviewer: reviewer)
        guard !text.isEmpty || filters.filtersClaims || article != nil else {
            throw CLIError("give words to search for, or a filter (--unrated, --disputed, ...)", exitCode: 64)
        }
        let results = try options.open().search(text.isEmpty ? nil : text, filters: filters, limit: limit)
        if output.json { return try results.printJSON() }
        if results.claims.isEmpty && results.articles.isEmpty {
            Terminal.print(
                text.isEmpty ? "No claim here passes those filters." : "Nothing here matches \u{201C}\(text)\u{201D}.")
            return
        }
        let width = Terminal.size.columns
        if !results.claims.isEmpty {
            Terminal.print(Terminal.styled("Claims (\(results.claims.count)):", .bold))
            for hit in results.claims {
                var tags: [TerminalText] = [
                    hit.myLabel.map { "you: \($0)" } ?? "unrated by you",
                    "\(hit.verdicts) verdict\(hit.verdicts == 1 ? "" : "s")",
                ]
                if let label = hit.published { tags.append(Terminal.styled("published \(label)", .green)) }
                if hit.anchoring == "orphaned" { tags.append(Terminal.styled("orphaned", .yellow)) }
                Terminal.print(
                    Terminal.styled("\(hit.claimId.prefix(8))", .yellow) + "  "
                        + Terminal.clip("\u{201C}\(hit.quote)\u{201D}", max(20, width - 10)))
                Terminal.print(
                    "          " + Terminal.styled(Terminal.clip(hit.articleTitle, max(20, width - 50)), .dim) + "  "
                        + tags.joined(separator: ", "))
            }
        }
        if !results.articles.isEmpty {
            if !results.claims.isEmpty { Terminal.print("") }
            Terminal.print(Terminal.styled("Articles (\(results.articles.count)):", .bold))
            for hit in results.articles {
                Terminal.print(
                    Terminal.styled("\(hit.articleId.prefix(8))", .yellow) + "  "
                        + Terminal.styled(Terminal.clip(hit.title, max(20, width - 10)), .bold))
                Terminal.print("          \(Terminal.clip(hit.snippet, max(20, width - 10)))")
            }
        }
        if results.truncated { Terminal.print(Terminal.styled("More matched; --limit N shows more.", .dim)) }
    }
}
