import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ReadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready",
        abstract: "List unpublished claims ready to publish, then disputed ones that need an editor.",
        discussion: """
            Ready: the claim's consensus meets the desk's quorum, so `verdict publish CLAIM --summary ...` \
            publishes it without a reason. Disputed: enough verdicts, but they tie or agree too little; an \
            editor decides, with --label and --reason. Claims that still lack verdicts are not listed. From \
            this workspace's copy as of the last pull.
            """)

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let claims = try options.open().readyToPublish()
        if output.json { return try claims.printJSON() }
        let ready = claims.filter { $0.standing == .ready }
        let disputed = claims.filter { $0.standing == .disputed }
        if claims.isEmpty {
            Terminal.print(
                "No claim is ready to publish or disputed (claims need the desk's quorum of verdicts first).")
            return
        }
        if !ready.isEmpty {
            Terminal.print(Terminal.styled("Ready to publish (\(ready.count)):", .bold))
            for claim in ready { Terminal.print(Self.line(claim)) }
        }
        if !disputed.isEmpty {
            if !ready.isEmpty { Terminal.print("") }
            Terminal.print(Terminal.styled("Disputed, an editor decides (\(disputed.count)):", .bold))
            for claim in disputed {
                Terminal.print(Self.line(claim))
                if let why = claim.why { Terminal.print(Terminal.styled("      \(why)", .dim)) }
            }
        }
    }

    static func line(_ claim: ReadyClaim) -> TerminalText {
        let share = "\(Int((claim.probability * 100).rounded()))% of \(claim.verdicts)"
        return "\(Terminal.styled("\(claim.claimId.prefix(8))", .yellow))  "
            + "\(Terminal.styled("\(claim.label ?? "tie")", .bold)) (\(share))  \u{201C}\(claim.quote)\u{201D}  "
            + Terminal.styled("\(claim.articleTitle)", .dim)
    }
}
