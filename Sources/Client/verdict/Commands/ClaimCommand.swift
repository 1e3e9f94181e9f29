import ArgumentParser
import Foundation

struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Mark claims in articles.", subcommands: [ClaimAddCommand.self])
}
