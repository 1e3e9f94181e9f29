import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// Randomized convergence: three workspaces (one reviewer on two devices, another on one) make random
/// offline edits and sync in random order. At the end every workspace equals the server, and every edit a
/// push confirmed is in the server's history.
@Suite(.serialized) struct ClientConvergenceTests {
    struct Conflict: Decodable {
        let claim: String
    }

    @Test(arguments: [101, 202] as [UInt64])
    func randomOfflineEditsConverge(seed: UInt64) async throws {
        try await withServer { server in
            var rng = SplitMix64(state: seed)
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var claims: [String] = []
            for quote in ["111 drones", "one ballistic missile", "30 000 households lost heating", "−24 °C"] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote).id)
            }
            let workspaces = [
                try ClientWorkspace(user: "rita"), try ClientWorkspace(user: "rita"), try ClientWorkspace(user: "ravi"),
            ]
            for workspace in workspaces {
                try await workspace.login(server)
                try await workspace.ok(["pull"])
            }
            let labels = VerdictScale.standard.labels.map(\.id)
            /// "user claim label" (or "withdrawn") for every edit a push reported applied.
            var confirmed: [String] = []
            /// Conflicts met along the way: the run must meet some for the test to mean anything.
            var conflictsMet = 0

            func push(_ workspace: ClientWorkspace, _ command: String) async throws {
                let intents = try await workspace.json(ShownArticle.self, ["show", article.id]).claims
                    .filter { $0.editState == "pending" }
                    .map { ($0.claim.id, $0.verdict?.label ?? "withdrawn") }
                let result = try await workspace.run([command])
                #expect(result.status == 0 || result.status == 2, "\(command): \(result)")
                let stopped = Set(try await workspace.json([Conflict].self, ["conflicts"]).map(\.claim))
                conflictsMet += stopped.count
                #expect(try await workspace.json(ClientStatus.self, ["status"]).rejected == 0)
                for (claim, label) in intents where !stopped.contains(claim) {
                    confirmed.append("\(workspace.user) \(claim) \(label)")
                }
            }

            for _ in 0..<45 {
                let workspace = workspaces.randomElement(using: &rng)!
                let claim = claims.randomElement(using: &rng)!
                switch Int.random(in: 0..<20, using: &rng) {
                case 0..<9:
                    var arguments = ["rate", claim, labels.randomElement(using: &rng)!]
                    if Bool.random(using: &rng) {
                        arguments += ["--confidence", "0.\(Int.random(in: 1...9, using: &rng))"]
                    }
                    let result = try await workspace.run(arguments)
                    if result.status != 0 {
                        #expect(result.stderr.contains("conflict"), "\(result)")
                        try await workspace.ok(["resolve", claim, Bool.random(using: &rng) ? "--mine" : "--theirs"])
                    }
                case 9..<11:
                    let result = try await workspace.run(["unrate", claim])
                    #expect(
                        result.status == 0 || result.stderr.contains("no verdict")
                            || result.stderr.contains("conflict"), "\(result)")
                case 11..<14: try await push(workspace, "push")
                case 14..<16: try await workspace.ok(["pull"])
                default: try await push(workspace, "sync")
                }
            }

            // Settle: each device takes the server's side of its conflicts, then everyone syncs until quiet.
            for _ in 0..<4 {
                for workspace in workspaces {
                    for conflict in try await workspace.json([Conflict].self, ["conflicts"]) {
                        try await workspace.ok(["resolve", conflict.claim, "--theirs"])
                    }
                    try await push(workspace, "sync")
                }
            }
            var remote: [String: Verdict] = [:]
            var history: Set<String> = []
            for change in try await server.client("ada").allChanges() {
                guard case .verdict(let verdict) = change.record else { continue }
                remote[verdict.id] = verdict
                history.insert(
                    "\(verdict.reviewer) \(verdict.claimId) \(verdict.deleted ? "withdrawn" : verdict.label)")
            }
            for (index, workspace) in workspaces.enumerated() {
                let status = try await workspace.json(ClientStatus.self, ["status"])
                #expect(status.pending == 0 && status.conflicts == 0 && status.rejected == 0, "workspace \(index)")
                #expect(try workspace.serverVerdicts() == remote, "workspace \(index) equals the server")
            }
            for edit in confirmed {
                #expect(history.contains(edit), "confirmed edit \(edit) is in the server's history")
            }
            #expect(!confirmed.isEmpty)
            #expect(conflictsMet > 0, "the run met conflicts")
        }
    }
}
