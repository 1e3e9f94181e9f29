import Foundation
import Testing
import VerdictClientKit
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Randomized convergence: three workspaces (one reviewer on two devices, another on one) make random
/// offline edits and sync in random order, with the desk's blind review on. At the end every workspace equals
/// the server as its reviewer may see it (their own verdicts, and others' on the claims they have rated, never
/// a label on a claim they have not), and every edit a push confirmed is in the server's history. The devices are the client library in process (the commands
/// over it are thin; ClientTests runs the binary).
@Suite(.serialized) struct ClientConvergenceTests {
    @Test(arguments: [101, 202, 303, 404, 505, 606] as [UInt64])
    func randomOfflineEditsConverge(seed: UInt64) async throws {
        try await withServer { server in
            var rng = SplitMix64(state: seed)
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var claims: [String] = []
            for quote in ["111 drones", "one ballistic missile", "30 000 households lost heating", "−24 °C"] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote).id)
            }
            let devices = [
                try ClientDevice(server, user: "rita"), try ClientDevice(server, user: "rita"),
                try ClientDevice(server, user: "ravi"),
            ]
            for device in devices { try await device.pull() }
            let labels = VerdictScale.standard.labels.map(\.id)
            /// "user claim label" (or "withdrawn") for every edit a push reported applied.
            var confirmed: [String] = []
            /// Conflicts met along the way: the run must meet some for the test to mean anything.
            var conflictsMet = 0

            /// Pushes (and pulls, for a sync), noting the edits the push confirmed.
            func push(_ device: ClientDevice, thenPull: Bool) async throws {
                let workspace = device.workspace
                let intents = try workspace.articleView(article.id).claims
                    .filter { $0.editState == "pending" }
                    .map { ($0.claim.id, $0.verdict?.label ?? "withdrawn") }
                let summary = try await device.push()
                #expect(summary.rejected == 0, "\(summary)")
                if thenPull { try await device.pull() }
                let stopped = Set(try workspace.conflicts().map(\.claim))
                conflictsMet += stopped.count
                #expect(try workspace.status().rejected == 0)
                for (claim, label) in intents where !stopped.contains(claim) {
                    confirmed.append("\(device.user) \(claim) \(label)")
                }
            }

            for _ in 0..<150 {
                let device = devices.randomElement(using: &rng)!
                let workspace = device.workspace
                let claim = claims.randomElement(using: &rng)!
                switch Int.random(in: 0..<20, using: &rng) {
                case 0..<9:
                    var fields = VerdictInput(claimId: claim, label: labels.randomElement(using: &rng)!)
                    if Bool.random(using: &rng) { fields.confidence = Double(Int.random(in: 1...9, using: &rng)) / 10 }
                    do {
                        try workspace.rate(claim: claim, fields)
                    } catch let error as ClientError {
                        #expect(error.description.contains("conflict"), "\(error)")
                        try workspace.resolve(claim: claim, keepMine: Bool.random(using: &rng))
                    }
                case 9..<11:
                    do {
                        try workspace.unrate(claim: claim)
                    } catch let error as ClientError {
                        #expect(error.description.contains("conflict"), "\(error)")
                    }
                case 11..<14: try await push(device, thenPull: false)
                case 14..<16: try await device.pull()
                default: try await push(device, thenPull: true)
                }
            }

            // Settle: each device takes the server's side of its conflicts, then everyone syncs until quiet.
            for _ in 0..<4 {
                for device in devices {
                    for conflict in try device.workspace.conflicts() {
                        try device.workspace.resolve(claim: conflict.claim, keepMine: false)
                    }
                    try await push(device, thenPull: true)
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
            for (index, device) in devices.enumerated() {
                let status = try device.workspace.status()
                #expect(status.pending == 0 && status.conflicts == 0 && status.rejected == 0, "workspace \(index)")
                let rated = Set(remote.values.filter { $0.reviewer == device.user }.map(\.claimId))
                // Another reviewer's verdict deleted before this one rated the claim is never released: nothing
                // to show. Every other verdict is there at its latest version.
                let visible = remote.filter {
                    $0.value.reviewer == device.user || (rated.contains($0.value.claimId) && !$0.value.deleted)
                }
                let pulled = try device.workspace.pulledVerdicts().filter {
                    $0.value.reviewer == device.user || !$0.value.deleted
                }
                #expect(pulled == visible, "workspace \(index) equals the server")
            }
            #expect(remote.count > devices.count, "the run rated several claims")
            for edit in confirmed {
                #expect(history.contains(edit), "confirmed edit \(edit) is in the server's history")
            }
            #expect(!confirmed.isEmpty)
            #expect(conflictsMet > 0, "the run met conflicts")
        }
    }
}
