import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Give your verdict on a claim (saved here at once, sent with the next push).",
        discussion: """
            LABEL is one of the desk's scale: its id or name in any case, or its number as `verdict review` shows \
            it (1 is the first). Re-rating changes only what you name: the label, and the confidence, note and \
            evidence you give; the rest of your verdict is kept. --clear-note and --clear-evidence remove them.
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Argument(help: ArgumentHelp("A label of the desk's verdict scale, e.g. mostly-false or 4.", valueName: "label"))
    var label: String

    @Option(
        help: ArgumentHelp("How sure you are: 0.7, 70 or 70% (a new verdict: 100%).", valueName: "x"),
        transform: Confidence.argument)
    var confidence: Double?

    @Option(help: ArgumentHelp("Your rationale (replaces the one you had).", valueName: "text"))
    var note: String?

    @Flag(help: "Remove your rationale.")
    var clearNote = false

    @Option(help: ArgumentHelp("An http(s) URL of evidence to add; repeat for more.", valueName: "url"))
    var evidence: [String] = []

    @Flag(help: "Remove the evidence you had (before adding any --evidence given).")
    var clearEvidence = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if note != nil && clearNote { throw ValidationError("give --note or --clear-note, not both") }
        let limits = ContentLimits()
        if let note {
            try checkCombiningRun(note, name: "--note")
            let length = TextAnchor.length(TextAnchor.normalize(note))
            if length > limits.rationale {
                throw ValidationError("--note is \(length) characters long; the limit is \(limits.rationale)")
            }
        }
        for url in evidence where !isWebAddress(url) {
            throw ValidationError("--evidence must be an http:// or https:// URL, not '\(url)'")
        }
    }

    func run() throws {
        let workspace = try options.open()
        let scale = try workspace.scale()
        guard let chosen = scale.label(matching: label) else {
            throw CLIError(
                "'\(label)' is not on the desk's scale; use one of: "
                    + scale.labels.enumerated().map { "\($0 + 1) \($1.id)" }.joined(separator: ", "), exitCode: 64)
        }
        let claimID = try workspace.rate(claim: claim) { verdict in
            verdict.label = chosen.id
            if let confidence { verdict.confidence = confidence }
            if clearNote { verdict.rationale = nil }
            if let note { verdict.rationale = note }
            var sources = clearEvidence ? [] : verdict.evidence ?? []
            for url in evidence where !sources.contains(where: { $0.url == url }) { sources.append(Evidence(url: url)) }
            verdict.evidence = sources.isEmpty ? nil : sources
        }
        Terminal.print("Rated claim \(claimID.prefix(8)) \(chosen.id); it goes to the server with the next push.")
    }
}

/// The server refuses a text with more combining marks in a row than Unicode's stream-safe limit: say so before
/// the edit waits in the outbox.
func checkCombiningRun(_ text: String, name: String) throws {
    let limit = TextAnchor.combiningRunLimit
    if TextAnchor.longestCombiningRun(in: text, stoppingAbove: limit) > limit {
        throw ValidationError("\(name) has more than \(limit) combining marks in a row; no script needs that many")
    }
}
