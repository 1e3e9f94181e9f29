import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the desk's verdict on a claim (editors; saved here, sent with the next push).",
        discussion: """
            Without --label the claim's consensus (the majority of its verdicts) is published. Publishing \
            another label, or a claim with fewer verdicts or less agreement than the desk's quorum, needs \
            --reason, which is recorded with the publication. A published verdict is locked: later verdicts \
            do not change it. To correct one, publish again with --correction saying what changed; every \
            version is kept (`verdict publications CLAIM`); what a correction does not name is kept. `verdict \
            ready` lists what is ready to publish.
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Option(
        help: ArgumentHelp(
            "The label to publish (default: the consensus; for a correction, the published one).", valueName: "label"))
    var label: String?

    @Option(
        help: ArgumentHelp(
            "The short public rationale (ClaimReview reviewBody); a correction keeps the current one without it.",
            valueName: "text"))
    var summary: String?

    @Option(help: ArgumentHelp("Why this overrules the consensus or skips the quorum.", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("What this correction changes (required to correct a publication).", valueName: "text"))
    var correction: String?

    @Option(help: ArgumentHelp("Who made the claim (ClaimReview itemReviewed.author).", valueName: "name"))
    var claimAuthor: String?

    @Option(help: ArgumentHelp("An http(s) URL of evidence; repeat for more.", valueName: "url"))
    var evidence: [String] = []

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        for url in evidence where !isWebAddress(url) {
            throw ValidationError("--evidence must be an http:// or https:// URL, not '\(url)'")
        }
        let limits = ContentLimits()
        for (name, text) in [
            ("--summary", summary ?? ""), ("--reason", reason ?? ""), ("--correction", correction ?? ""),
        ] {
            try checkCombiningRun(text, name: name)
            let length = TextAnchor.length(TextAnchor.normalize(text))
            if length > limits.rationale {
                throw ValidationError("\(name) is \(length) characters long; the limit is \(limits.rationale)")
            }
        }
    }

    func run() throws {
        let workspace = try options.open()
        var label = self.label
        if let given = label {
            guard let chosen = try workspace.scale().label(matching: given) else {
                throw CLIError(
                    "'\(given)' is not on the desk's scale; use one of: "
                        + (try workspace.scale().labels.map(\.id).joined(separator: ", ")), exitCode: 64)
            }
            label = chosen.id
        }
        let plan = try workspace.publish(
            claim: claim,
            PublishRequest(
                label: label, summary: summary, evidence: evidence.map { Evidence(url: $0) }, claimAuthor: claimAuthor,
                reason: reason, correction: correction))
        let what = plan.isCorrection ? "a correction of claim" : "the publication of claim"
        Terminal.print("Queued \(what) \(plan.claimId.prefix(8)) as \(Terminal.styled("\(plan.label)", .bold)).")
        if let why = plan.reasonNeeded {
            Terminal.print(Terminal.styled("It needed a reason (\(why)); yours is recorded.", .dim))
        }
        Terminal.print("Run `verdict push` to publish it.")
    }
}
