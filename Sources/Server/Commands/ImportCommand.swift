import ArgumentParser
import Foundation
import VerdictShared

/// `verdict-server import FILE|DIR...`: add articles from files; duplicates are reported and skipped.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import articles from .txt, .md and .json files or directories of them.",
        discussion: """
            .txt: title on the first line, optional 'Source:', 'URL:' and 'Published:' lines, then the body. \
            .md: front matter (title, source, url, published) or a '# Title' first line. .json: an object with \
            title, body and optional source, url, published, or an array of them. An article whose text is \
            already stored (same content hash) is reported and skipped. Exits non-zero if any file failed.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Record the articles as added by this editor or admin (default: the built-in 'system' user).")
    var user: String?

    @Argument(help: "Files or directories to import.")
    var paths: [String]

    func run() async throws {
        let store = try await database.openStore()
        let identity = try await importer(store)
        let files: [URL]
        do {
            files = try ArticleImporter.files(in: paths)
        } catch let error as ArticleImporter.ImportError {
            throw ValidationError(error.description)
        }
        if files.isEmpty { throw ValidationError("no .txt, .md or .json files in \(paths.joined(separator: ", "))") }
        var counts = (imported: 0, skipped: 0, failed: 0)
        for file in files {
            let name = file.path
            let inputs: [ArticleInput]
            do {
                inputs = try ArticleImporter.parse(file: file)
            } catch {
                printError("failed   \(name): \(error)")
                counts.failed += 1
                continue
            }
            for input in inputs {
                let mutation = Mutation(
                    mutationId: RecordID.make(), type: .article, op: .put, id: input.id, baseVersion: nil,
                    record: .article(input))
                guard let result = try await store.apply([mutation], by: identity, remember: false).first?.result else {
                    continue
                }
                switch (result.status, result.mutationCode) {
                case (.applied, _):
                    print("imported \(name) as article \(result.id ?? "?"): \(input.title)")
                    counts.imported += 1
                case (.rejected, .duplicate), (.conflict, .exists):
                    print("skipped  \(name): \(result.reason ?? "duplicate")")
                    counts.skipped += 1
                default:
                    printError("failed   \(name): \(result.reason ?? result.status.rawValue)")
                    counts.failed += 1
                }
            }
        }
        print("\(counts.imported) imported, \(counts.skipped) duplicates skipped, \(counts.failed) failed")
        if counts.failed > 0 { throw ExitCode.failure }
    }

    private func importer(_ store: any VerdictStore) async throws -> Identity {
        guard let user else { return Identity(name: "system", role: .admin) }
        guard let found = try await store.users().first(where: { $0.name.lowercased() == user.lowercased() }) else {
            throw ValidationError("no user named '\(user)'")
        }
        guard !found.disabled else { throw ValidationError("'\(found.name)' is disabled") }
        guard found.role >= .editor else {
            throw ValidationError("'\(found.name)' is a \(found.role.rawValue); only editors and admins add articles")
        }
        return Identity(name: found.name, role: found.role)
    }
}
