import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Give your verdict on a claim (saved here at once, sent with the next push).",
        discussion: "LABEL is one of the desk's scale (see `verdict rate --help` after login, or `verdict review`).")

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Argument(help: ArgumentHelp("A label of the desk's verdict scale, e.g. mostly-false.", valueName: "label"))
    var label: String

    @Option(help: ArgumentHelp("How sure you are, 0 to 1 (default 1).", valueName: "x"))
    var confidence: Double?

    @Option(help: ArgumentHelp("Your rationale.", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("An http(s) URL of evidence; repeat for more.", valueName: "url"))
    var evidence: [String] = []

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let confidence, !(confidence.isFinite && (0...1).contains(confidence)) {
            throw ValidationError("--confidence must be between 0 and 1, not \(confidence)")
        }
        for url in evidence {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                ["http", "https"].contains(scheme), parsed.host?.isEmpty == false
            else { throw ValidationError("--evidence must be an http:// or https:// URL, not '\(url)'") }
        }
    }

    func run() throws {
        let claimID = try options.open().rate(
            claim: claim,
            VerdictInput(
                claimId: claim, label: label, confidence: confidence, rationale: note,
                evidence: evidence.isEmpty ? nil : evidence.map { Evidence(url: $0) }))
        print("Rated claim \(claimID.prefix(8)) \(label); it goes to the server with the next push.")
    }
}
