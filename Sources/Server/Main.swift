import ArgumentParser

/// `verdict-server`: the Verdict annotation server and its admin commands.
@main
struct VerdictServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict-server",
        abstract: "The Verdict fact-checking annotation server.",
        discussion: """
            Stores articles, the claims marked in them and each reviewer's verdicts, with a sync API for the \
            offline `verdict` client. Admin commands work on the database file directly, with the server \
            running or not.
            """,
        subcommands: [ServeCommand.self, UsersCommand.self, ImportCommand.self, BackupCommand.self, DemoCommand.self]
    )
}
