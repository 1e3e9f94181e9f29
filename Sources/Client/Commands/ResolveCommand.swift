import ArgumentParser
import Foundation
import GRDB
import VerdictShared

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
