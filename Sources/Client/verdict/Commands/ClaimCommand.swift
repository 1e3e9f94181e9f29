import ArgumentParser
import Foundation

struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Mark claims in articles, withdraw and restore them, re-attach orphaned ones.",
        subcommands: [
            ClaimAddCommand.self, ClaimWithdrawCommand.self, ClaimRestoreCommand.self, ClaimReattachCommand.self,
        ])
}
