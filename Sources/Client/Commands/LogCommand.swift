import ArgumentParser
import Foundation
import GRDB
import VerdictShared

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The history of verdicts on a claim, as far as this workspace has seen it.")

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    struct Entry: Encodable {
        let reviewer: String
        let verdict: String
        let version: Int
        let label: String
        let confidence: Double
        let rationale: String
        let evidence: [Evidence]
        let deleted: Bool
        let at: String
        /// A local edit not yet confirmed by the server.
        let local: String?
    }

    func run() throws {
        let workspace = try options.open()
        let user = try workspace.identity().user
        let entries = try workspace.db.read { db -> [Entry] in
            let id = try Workspace.claimID(claim, db)
            var entries = try String.fetchAll(
                db,
                sql: """
                    SELECT json FROM history WHERE claim_id = ? UNION ALL SELECT json FROM verdicts WHERE claim_id = ?
                    """, arguments: [id, id]
            ).map { try Workspace.decode(Verdict.self, $0) }
                .sorted { ($0.updatedAt, $0.version) < ($1.updatedAt, $1.version) }
                .map {
                    Entry(
                        reviewer: $0.reviewer, verdict: $0.id, version: $0.version, label: $0.label,
                        confidence: $0.confidence, rationale: $0.rationale, evidence: $0.evidence, deleted: $0.deleted,
                        at: $0.updatedAt, local: nil)
                }
            for edit in try Workspace.verdictEntries(claimId: id, db) {
                let input = edit.verdictInput
                entries.append(
                    Entry(
                        reviewer: user, verdict: edit.mutation.id ?? "", version: (edit.mutation.baseVersion ?? 0) + 1,
                        label: input?.label ?? "", confidence: input?.confidence ?? 1,
                        rationale: input?.rationale ?? "",
                        evidence: input?.evidence ?? [], deleted: input == nil, at: edit.createdAt,
                        local: edit.state.rawValue))
            }
            return entries
        }
        if output.json { return try entries.printJSON() }
        if entries.isEmpty {
            print("No verdicts on this claim yet.")
            return
        }
        for entry in entries {
            let what =
                entry.deleted
                ? Terminal.styled("withdrew", .dim)
                : Terminal.styled(entry.label, .bold)
                    + String(format: " (%.0f%%)", entry.confidence * 100)
            let local = entry.local.map { Terminal.styled(" [\($0 == "pending" ? "unpushed" : $0)]", .yellow) } ?? ""
            print("\(entry.at)  \(entry.reviewer)  \(what)  v\(entry.version)\(local)")
            if !entry.rationale.isEmpty { print("    \(entry.rationale)") }
            for item in entry.evidence { print("    \(item.url)\(item.note.map { " \u{2014} \($0)" } ?? "")") }
        }
    }
}
