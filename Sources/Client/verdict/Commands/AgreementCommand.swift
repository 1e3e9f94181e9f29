import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "How far the desk's reviewers agree, from this workspace's copy (works offline).",
        discussion: """
            Computed from the verdicts as of your last pull (your unpushed edits are not counted), with the same \
            code as the server's agreement report: Krippendorff's alpha for the desk and per article, Fleiss' \
            kappa where every claim has the same number of verdicts, Cohen's kappa per pair of reviewers, and \
            each reviewer's agreement with the consensus and Dawid-Skene accuracy.
            """)

    @Option(
        help: ArgumentHelp("The consensus reviewers are compared with: majority or dawid-skene.", valueName: "method"))
    var method: ConsensusMethod = .dawidSkene

    @Option(help: ArgumentHelp("List reviewer pairs with at least this many claims in common.", valueName: "n"))
    var minShared = 5

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard minShared >= 1 else { throw ValidationError("--min-shared must be at least 1") }
    }

    func run() throws {
        let report = try options.open().agreementReport(method: method, minimumShared: minShared)
        if output.json { return try report.printJSON() }
        func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
        Terminal.print(
            "\(report.claims) claims, \(report.verdicts) verdicts, \(report.reviewerCount) reviewers (as of the last pull)"
        )
        Terminal.print(
            "Krippendorff's alpha: nominal \(number(report.alpha.nominal)), ordinal \(number(report.alpha.ordinal)), "
                + "interval \(number(report.alpha.interval))")
        Terminal.print(
            "Fleiss' kappa: \(report.fleiss.kappa.map { String(format: "%.3f", $0) } ?? "n/a (\(report.fleiss.note ?? ""))")"
        )
        if !report.reviewers.isEmpty {
            Terminal.print("\nreviewer              verdicts  agrees with \(method.rawValue)  Dawid-Skene accuracy")
            for reviewer in report.reviewers {
                Terminal.print(
                    Terminal.fit(reviewer.name, 20)
                        + "  \(String(format: "%8d", reviewer.verdicts))  "
                        + "\(number(reviewer.agreementWithConsensus).padding(toLength: 11 + method.rawValue.count, withPad: " ", startingAt: 0))"
                        + "  \(number(reviewer.dawidSkeneAccuracy))")
            }
        }
        if !report.articles.isEmpty {
            Terminal.print("\narticle   claims  verdicts  alpha (nominal / ordinal / interval)")
            for article in report.articles {
                Terminal.print(
                    "\(article.article.prefix(8))  \(String(format: "%6d  %8d", article.claims, article.verdicts))"
                        + "  \(number(article.alpha.nominal)) / \(number(article.alpha.ordinal)) / \(number(article.alpha.interval))"
                )
            }
        }
        Terminal.print(
            "\nCohen's kappa for \(report.pairs.count) reviewer pairs with \(minShared)+ shared claims: see --json.")
    }
}

extension ConsensusMethod: ExpressibleByArgument {}
