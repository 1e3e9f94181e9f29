import ArgumentParser
import Foundation

struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Mark claims in articles, withdraw them, re-attach orphaned ones.",
        subcommands: [ClaimAddCommand.self, ClaimWithdrawCommand.self, ClaimReattachCommand.self])
}
