import ArgumentParser
import Foundation
import GRDB
import VerdictShared

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List your edits that met a newer version on the server, with both sides.",
        discussion: "Settle each with `verdict resolve CLAIM --mine` (keep yours) or `--theirs` (take the server's).")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    struct Conflict: Encodable {
        let claim: String
        let quote: String?
        let code: String?
        let reason: String?
        /// Your edit: the verdict fields, or nil for a withdrawal.
        let mine: VerdictInput?
        let theirs: Verdict?
    }

    func run() throws {
        let workspace = try options.open()
        let conflicts = try workspace.db.read { db in
            try Workspace.entries(where: "state = 'conflict'", [], db).map { entry -> Conflict in
                let claim = try entry.claimId.flatMap { try Workspace.anyClaim(id: $0, db) }
                var theirs: Verdict?
                if case .verdict(let verdict) = entry.serverRecord { theirs = verdict }
                return Conflict(
                    claim: entry.claimId ?? entry.mutation.id ?? "", quote: claim?.quote, code: entry.code,
                    reason: entry.reason, mine: entry.verdictInput, theirs: theirs)
            }
        }
        if output.json { return try conflicts.printJSON() }
        if conflicts.isEmpty {
            print("No conflicts.")
            return
        }
        for conflict in conflicts {
            print(
                "\(Terminal.styled("claim " + conflict.claim.prefix(8), .yellow))  \(conflict.reason ?? conflict.code ?? "")"
            )
            if let quote = conflict.quote { print("  \u{201C}\(quote)\u{201D}") }
            print("  mine:   \(Self.describe(conflict.mine))")
            print("  theirs: \(Self.describe(conflict.theirs))")
        }
        print("Settle each with `verdict resolve CLAIM --mine` or `verdict resolve CLAIM --theirs`.")
    }

    static func describe(_ input: VerdictInput?) -> String {
        guard let input else { return "withdrawn" }
        var text = input.label
        if let confidence = input.confidence { text += String(format: " (%.0f%%)", confidence * 100) }
        if let note = input.rationale, !note.isEmpty { text += " \u{2014} \(note)" }
        return text
    }

    static func describe(_ verdict: Verdict?) -> String {
        guard let verdict else { return "(none)" }
        if verdict.deleted { return "withdrawn (version \(verdict.version))" }
        var text = "\(verdict.label) (\(Int((verdict.confidence * 100).rounded()))%)"
        if !verdict.rationale.isEmpty { text += " \u{2014} \(verdict.rationale)" }
        return text + " (version \(verdict.version), \(verdict.updatedAt))"
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflict or a rejected edit on a claim: keep yours (--mine) or drop it (--theirs).",
        discussion: """
            --mine sends your edit again with the next push, on top of the server's current version (a rejected \
            edit is sent as it is, for when what stopped it has changed). --theirs drops your edits on the \
            claim and keeps the server's side (for a claim you marked and the server refused, the claim too).
            """)

    @Argument(help: ArgumentHelp("The claim's id, or a unique prefix of it.", valueName: "claim"))
    var claim: String

    @Flag(help: "Keep your edit: it is sent again with the next push.")
    var mine = false

    @Flag(help: "Drop your edit and keep the server's side.")
    var theirs = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard mine != theirs else { throw ValidationError("give exactly one of --mine or --theirs") }
    }

    func run() throws {
        let workspace = try options.open()
        let user = try workspace.identity().user
        let id = try workspace.db.write { db -> String in
            let id = try Workspace.claimID(claim, db)
            let edits = try Workspace.entries(where: "claim_id = ?", [id], db)
            guard edits.contains(where: { $0.state != .pending }) else {
                throw CLIError("claim \(id.prefix(8)) has no conflict or rejected edit")
            }
            for edit in edits {
                if case .verdict(let server)? = edit.serverRecord { try Workspace.store(.verdict(server), db) }
            }
            let verdictEdits = edits.filter { $0.mutation.type == .verdict }
            guard mine else {
                for edit in edits { try Workspace.remove(edit, db) }
                return id
            }
            for edit in edits where edit.mutation.type != .verdict && edit.state != .pending {
                var again = edit.mutation
                again.mutationId = RecordID.make()
                try Workspace.replace(edit, with: again, claimId: edit.claimId, db)
            }
            if let intent = verdictEdits.last, verdictEdits.contains(where: { $0.state != .pending }) {
                // Re-made on top of the server's current verdict of this user on this claim.
                for edit in verdictEdits { try Workspace.remove(edit, db) }
                if let input = intent.verdictInput {
                    try Workspace.rate(claimId: id, user: user, fields: input, db)
                } else {
                    _ = try Workspace.unrate(claimId: id, user: user, db)
                }
            }
            return id
        }
        print(
            mine
                ? "Kept your edit on claim \(id.prefix(8)); it goes to the server with the next push."
                : "Dropped your edit on claim \(id.prefix(8)); the server's side stands.")
    }
}

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
