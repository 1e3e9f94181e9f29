import ArgumentParser
import Foundation
import GRDB
import VerdictShared

struct ClaimAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Mark a claim by quoting it exactly; works offline and is sent with the next push.",
        discussion: """
            The quote must appear in the article's current text (compared after Unicode normalization). When it \
            appears more than once, --occurrence N picks the Nth. If someone marked the same span first, the \
            server keeps their claim and your verdicts move onto it when you push.
            """)

    @Argument(help: ArgumentHelp("The article's id, or a unique prefix of it.", valueName: "article"))
    var article: String

    @Option(help: ArgumentHelp("The exact text of the claim.", valueName: "text"))
    var quote: String

    @Option(help: ArgumentHelp("Which appearance of the quote, counting from 1.", valueName: "n"))
    var occurrence: Int?

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let occurrence, occurrence < 1 { throw ValidationError("--occurrence counts from 1") }
        if quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--quote is empty") }
    }

    func run() throws {
        let workspace = try options.open()
        let (claim, existing) = try workspace.db.write { db -> (LocalClaim, Bool) in
            let id = try Workspace.articleID(self.article, db)
            guard let article = try Workspace.article(id: id, db) else { throw CLIError("no article \(id)") }
            let normalized = TextAnchor.normalize(quote)
            let starts = TextAnchor.occurrences(of: normalized, in: article.body)
            guard !starts.isEmpty else {
                throw CLIError(
                    "the quote does not appear in \"\(article.title)\" (revision \(article.revision)); copy it exactly")
            }
            let wanted = occurrence ?? 1
            guard wanted <= starts.count else {
                throw CLIError(
                    "the quote appears \(starts.count) time\(starts.count == 1 ? "" : "s"), so there is no occurrence \(wanted)"
                )
            }
            if occurrence == nil && starts.count > 1 {
                Terminal.note(
                    "note: the quote appears \(starts.count) times; marking the first (use --occurrence N for another)")
            }
            let start = starts[wanted - 1]
            let end = start + TextAnchor.length(normalized)
            let same =
                try Workspace.serverClaims(articleId: id, db).filter { $0.revision == article.revision }
                .map(Workspace.localClaim) + Workspace.pendingClaims(articleId: id, db)
            if let known = same.first(where: { $0.start == start && $0.end == end }) { return (known, true) }
            let claimID = RecordID.make()
            try Workspace.enqueue(
                Mutation(
                    mutationId: RecordID.make(), type: .claim, op: .put, id: claimID, baseVersion: nil,
                    record: .claim(
                        ClaimInput(
                            id: claimID, articleId: id, revision: article.revision, quote: normalized, start: start,
                            end: end))),
                claimId: claimID, db)
            let context = TextAnchor.context(of: article.body, start: start, end: end)
            return (
                LocalClaim(
                    id: claimID, articleId: id, revision: article.revision, quote: normalized, prefix: context.prefix,
                    suffix: context.suffix, start: start, end: end, status: "active", pending: true), false
            )
        }
        if output.json { return try claim.printJSON() }
        if existing {
            print(
                "Claim \(claim.id.prefix(8)) already marks this span; rate it with `verdict rate \(claim.id.prefix(8)) LABEL`."
            )
        } else {
            print(
                "Marked claim \(claim.id.prefix(8)) (scalars \(claim.start)-\(claim.end)); it goes to the server with the next push."
            )
        }
    }
}
