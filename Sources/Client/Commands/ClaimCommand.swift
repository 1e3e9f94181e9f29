import ArgumentParser
import Foundation
import GRDB
import VerdictShared

struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Mark claims in articles.", subcommands: [ClaimAddCommand.self])
}
