import ArgumentParser
import Foundation
import GRDB

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Pending edits, conflicts, rejections, and when this workspace last synced. Works offline.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var output: OutputOptions

    struct Status: Encodable {
        struct Problem: Encodable {
            let claim: String?
            let type: String
            let record: String
            let state: String
            let code: String?
            let reason: String?
        }
        let server: String
        let user: String
        let workspace: String
        let pending: Int
        let conflicts: Int
        let rejected: Int
        let lastPull: String?
        let lastPush: String?
        let cursor: Int64
        let problems: [Problem]
    }

    func run() throws {
        let workspace = try options.open()
        let (server, user) = try workspace.identity()
        let status = try workspace.db.read { db in
            let counts = try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox GROUP BY state")
                .reduce(into: [String: Int]()) { $0[$1[0]] = $1[1] }
            let problems = try Workspace.entries(where: "state != 'pending'", [], limit: 50, db).map {
                Status.Problem(
                    claim: $0.claimId, type: $0.mutation.type.rawValue, record: $0.mutation.id ?? "",
                    state: $0.state.rawValue, code: $0.code, reason: $0.reason)
            }
            return Status(
                server: server, user: user, workspace: workspace.directory.path, pending: counts["pending"] ?? 0,
                conflicts: counts["conflict"] ?? 0, rejected: counts["rejected"] ?? 0,
                lastPull: try Workspace.get(.lastPull, db), lastPush: try Workspace.get(.lastPush, db),
                cursor: Int64(try Workspace.get(.cursor, db) ?? "0") ?? 0, problems: problems)
        }
        if output.json { return try status.printJSON() }
        print("\(status.user) on \(status.server)")
        print("workspace   \(status.workspace)")
        print("last pull   \(status.lastPull ?? "never")  (cursor \(status.cursor))")
        print("last push   \(status.lastPush ?? "never")")
        print("pending     \(status.pending) edit\(status.pending == 1 ? "" : "s") to push")
        print("conflicts   \(status.conflicts)")
        print("rejected    \(status.rejected)")
        for problem in status.problems {
            let what =
                problem.type == "verdict"
                ? "your verdict on claim \(problem.claim ?? "?")" : "\(problem.type) \(problem.record)"
            print(
                "  \(problem.state == "conflict" ? Terminal.styled("conflict", .yellow) : Terminal.styled("rejected", .red))  \(what): \(problem.reason ?? problem.code ?? "")"
            )
        }
    }
}
