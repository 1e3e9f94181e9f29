import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article", abstract: "Add and correct articles (editors; saved here, sent with the next push).",
        subcommands: [ArticleAddCommand.self, ArticleCorrectCommand.self])
}

struct ArticleAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an article from a file (.txt, .md or .json), as the server's import reads them.",
        discussion: """
            .txt: the first line is the title; `Source:`, `URL:` and `Published:` lines may follow; then a \
            blank line and the body. .md: a `---` front matter (title, source, url, published) or a first \
            `# Heading`; then the body. .json: {"title", "body", "source", "url", "published"}. Options \
            override what the file says. The article is readable and takes claims here at once; `verdict \
            push` sends it.
            """)

    @Argument(help: ArgumentHelp("The article file.", valueName: "file"))
    var file: String

    @Option(help: "The title (instead of the file's).") var title: String?
    @Option(help: "The outlet that published it.") var source: String?
    @Option(help: "Its address (http or https).") var url: String?
    @Option(help: "Its publication date, YYYY-MM-DD or ISO 8601.") var published: String?
    @Option(help: ArgumentHelp("Verdicts wanted per claim, 1-100 (default: the desk's).", valueName: "n"))
    var target: Int?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let target, !(1...100).contains(target) { throw ValidationError("--target must be from 1 to 100") }
    }

    func run() throws {
        let path = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: path.path) else {
            throw CLIError("cannot read \(file): no such file, or not readable")
        }
        let inputs: [ArticleInput]
        do {
            inputs = try ArticleFile.parse(file: path)
        } catch let error as ArticleFile.ParseError {
            throw CLIError("\(file): \(error.description)")
        }
        guard inputs.count == 1, var input = inputs.first else {
            throw CLIError("\(file) holds \(inputs.count) articles; add one at a time (the server's import takes many)")
        }
        if let title { input.title = title }
        if let source { input.source = source }
        if let url { input.url = url }
        if let published { input.published = published }
        if let target { input.targetVerdicts = target }
        let id = try options.open().addArticle(input)
        Terminal.print(
            "Added article \(id.prefix(8)) \u{201C}\(Terminal.clip(input.title, 60))\u{201D} here. "
                + "Mark claims with `verdict claim add \(id.prefix(8)) --quote ...`; `verdict push` sends it.")
    }
}

struct ArticleCorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct an article: its text in $EDITOR, or the fields named.",
        discussion: """
            Without options (or with --edit) the current text opens in $VISUAL or $EDITOR; save to correct it, \
            or leave it unchanged to cancel. A new text makes a new revision on the server, which moves each \
            claim to where its quote now is, or orphans it when the quote is gone (`verdict status` after the \
            next pull lists them). Fixing only the title, source, url or date keeps the revision.
            """)

    @Argument(help: ArgumentHelp("The article's id or unique prefix.", valueName: "article"))
    var article: String

    @Option(help: "A new title.") var title: String?
    @Option(help: "A new source.") var source: String?
    @Option(help: "A new address (empty to remove it).") var url: String?
    @Option(help: "A new publication date (empty to remove it).") var published: String?
    @Option(help: ArgumentHelp("Take the new text from this file.", valueName: "file")) var bodyFile: String?
    @Flag(help: "Edit the text in $EDITOR (the default when nothing else is named).") var edit = false
    @Option(help: ArgumentHelp("Verdicts wanted per claim, 1-100; 0 for the desk's default.", valueName: "n"))
    var target: Int?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let target, !(0...100).contains(target) { throw ValidationError("--target must be from 0 to 100") }
    }

    func run() throws {
        let workspace = try options.open()
        var change = ArticleChange(title: title, source: source, url: url, published: published, target: target)
        if let bodyFile {
            guard let data = FileManager.default.contents(atPath: bodyFile),
                let text = String(data: data, encoding: .utf8)
            else { throw CLIError("cannot read \(bodyFile) as UTF-8 text") }
            change.body = text
        }
        if edit || (change.isEmpty && bodyFile == nil) {
            guard Terminal.stdinIsTerminal else {
                throw CLIError("editing needs a terminal; give --body-file FILE (or the fields to change) in scripts")
            }
            let current = try workspace.articleForEditing(article)
            let edited = try Editor.edit(current.body)
            let trimmed = edited.hasSuffix("\n") && !current.body.hasSuffix("\n") ? String(edited.dropLast()) : edited
            if TextAnchor.normalize(trimmed) == current.body && change.isEmpty {
                Terminal.print("The text is unchanged; nothing is corrected.")
                return
            }
            change.body = trimmed
        }
        let (id, newText) = try workspace.correctArticle(article, change)
        Terminal.print(
            "Queued a correction of article \(id.prefix(8))"
                + (newText ? " with a new text (a new revision: the server re-anchors its claims)" : "")
                + ". `verdict push` sends it." as TerminalText)
    }
}

struct ClaimRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a withdrawn claim (editors), with its verdicts.")

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let id = try options.open().restoreClaim(claim)
        Terminal.print("Restored claim \(id.prefix(8)); the server learns with the next push.")
    }
}

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a claim as an appearance of another: the same proposition in another article (editors).",
        discussion: """
            Verdicts on every appearance count toward the one claim's consensus (a reviewer who rated two \
            appearances counts once, with their latest verdict); exports and ClaimReview list every appearance, \
            the earliest published first. `verdict similar CLAIM` suggests candidates. Sent with the next push.
            """)

    @Argument(help: ArgumentHelp("The claim that is an appearance (id or unique prefix).", valueName: "claim"))
    var claim: String

    @Option(help: ArgumentHelp("The claim it is an appearance of.", valueName: "claim"))
    var to: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (id, primary) = try options.open().linkClaim(claim, to: to)
        Terminal.print(
            "Linked claim \(id.prefix(8)) as an appearance of claim \(primary?.prefix(8) ?? ""). "
                + "`verdict push` sends it.")
    }
}

struct UnlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlink", abstract: "Make a linked appearance a claim of its own again (editors).")

    @Argument(help: ArgumentHelp("The linked claim (id or unique prefix).", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (id, _) = try options.open().linkClaim(claim, to: nil)
        Terminal.print("Unlinked claim \(id.prefix(8)); its verdicts count on it alone again. `verdict push` sends it.")
    }
}
