import ArgumentParser

/// `verdict-server backup OUT`: a consistent copy of the database, safe while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, even while the server runs.",
        discussion: """
            The copy is a plain SQLite file; serve it with --db to restore. A PostgreSQL database is backed up \
            with PostgreSQL's own pg_dump (README, "Running on PostgreSQL").
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The file to write; it must not exist.")
    var out: String

    func run() async throws {
        if case .postgres(_, let display) = try database.location() {
            throw ValidationError(
                "\(display) is a PostgreSQL database: back it up with pg_dump (README, \"Running on PostgreSQL\")")
        }
        do {
            try SQLiteStore.backup(databaseAt: database.path, to: out)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
        print("backed up \(database.path) to \(out)")
    }
}
