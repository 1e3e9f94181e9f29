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
    @Test(arguments: TestBackend.allCases, [101, 202, 303, 404, 505, 606] as [UInt64])
    func randomOfflineEditsConverge(backend: TestBackend, seed: UInt64) async throws {
        try await withServer(backend: backend) { server in
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

    /// The desk's whole process in the mix: two reviewers (one on two devices) rate, an editor on two devices
    /// assigns, unassigns and publishes (corrections too), all offline and synced in random order, with blind
    /// review on. At the end every workspace holds the server's assignments and publications, and exactly the
    /// verdicts its user may see: their own, and others' on the claims they rated or that are published.
    @Test(arguments: TestBackend.allCases, [11, 22, 33, 44] as [UInt64])
    func theWorkflowConvergesWithBlindReview(backend: TestBackend, seed: UInt64) async throws {
        try await withServer(backend: backend) { server in
            var rng = SplitMix64(state: seed)
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            var claims: [String] = []
            for quote in ["111 drones", "one ballistic missile", "30 000 households lost heating", "−24 °C"] {
                claims.append(try await erin.createClaim(articleId: article.id, quote: quote).id)
            }
            let reviewers = [
                try ClientDevice(server, user: "rita"), try ClientDevice(server, user: "rita"),
                try ClientDevice(server, user: "ravi"),
            ]
            let editors = [try ClientDevice(server, user: "erin"), try ClientDevice(server, user: "erin")]
            let devices = reviewers + editors
            for device in devices { try await device.pull() }
            let labels = VerdictScale.standard.labels.map(\.id)
            var published = 0
            var conflictsMet = 0

            func sync(_ device: ClientDevice, pull: Bool) async throws {
                let summary = try await device.push()
                #expect(summary.rejected == 0, "\(device.user): \(summary)")
                if pull { try await device.pull() }
                conflictsMet += try device.workspace.conflicts().count
                #expect(try device.workspace.status().rejected == 0, "\(device.user)")
            }

            for step in 0..<220 {
                let device = devices.randomElement(using: &rng)!
                let workspace = device.workspace
                let claim = claims.randomElement(using: &rng)!
                let roll = Int.random(in: 0..<20, using: &rng)
                if roll >= 12 {
                    switch roll {
                    case 12..<15: try await sync(device, pull: false)
                    case 15..<17: try await device.pull()
                    default: try await sync(device, pull: true)
                    }
                    continue
                }
                do {
                    if device.user == "erin" {
                        switch roll {
                        case 0..<5:
                            let due =
                                Bool.random(using: &rng) ? "2026-12-\(10 + Int.random(in: 0..<9, using: &rng))" : nil
                            try workspace.assign(claim, to: ["rita", "ravi"].randomElement(using: &rng)!, due: due)
                        case 5..<8:
                            try workspace.unassign(claim, from: ["rita", "ravi"].randomElement(using: &rng)!)
                        default:
                            let current = try workspace.publication(claim: claim).published
                            try workspace.publish(
                                claim: claim,
                                PublishRequest(
                                    label: labels.randomElement(using: &rng)!, summary: "Checked at step \(step).",
                                    reason: "The desk decided.",
                                    correction: current == nil ? nil : "Step \(step) corrects it."))
                            published += 1
                        }
                    } else {
                        if roll < 9 {
                            try workspace.rate(
                                claim: claim, VerdictInput(claimId: claim, label: labels.randomElement(using: &rng)!))
                        } else {
                            try workspace.unrate(claim: claim)
                        }
                    }
                } catch let error as ClientError {
                    // What a user meets along the way: a conflict to settle first, nothing to unassign.
                    let known = ["conflict", "has no assignment", "nothing changes", "already published"]
                    #expect(known.contains { error.description.contains($0) }, "\(device.user): \(error)")
                    if error.description.contains("conflict") {
                        try workspace.resolve(claim: claim, keepMine: Bool.random(using: &rng))
                    }
                }
            }

            // Settle: every device takes the server's side of its conflicts, then everyone syncs until quiet.
            for _ in 0..<4 {
                for device in devices {
                    for conflict in try device.workspace.conflicts() {
                        try device.workspace.resolve(claim: conflict.claim, keepMine: false)
                    }
                    try await sync(device, pull: true)
                }
            }

            var verdicts: [String: Verdict] = [:]
            var assignments: [String: Assignment] = [:]
            var publications: [String: Publication] = [:]
            for change in try await server.client("ada").allChanges() {
                switch change.record {
                case .verdict(let verdict): verdicts[verdict.id] = verdict
                case .assignment(let assignment): assignments[assignment.id] = assignment
                case .publication(let publication): publications[publication.claimId] = publication
                default: break
                }
            }
            let liveAssignments = Set(
                assignments.values.filter { !$0.deleted }.map {
                    "\($0.id) \($0.reviewer) \($0.claimId ?? "") \($0.due ?? "-")"
                })
            let currentPublications = Set(
                publications.values.map { "\($0.claimId) \($0.id) v\($0.version) \($0.label)" })
            for (index, device) in devices.enumerated() {
                let workspace = device.workspace
                let status = try workspace.status()
                #expect(status.pending == 0 && status.conflicts == 0 && status.rejected == 0, "workspace \(index)")
                let held = Set(
                    try workspace.assignments().map { "\($0.id) \($0.reviewer) \($0.claimId ?? "") \($0.due ?? "-")" })
                #expect(held == liveAssignments, "workspace \(index) holds the server's assignments")
                let pubs = Set(
                    try workspace.publications().compactMap(\.published).map {
                        "\($0.claimId) \($0.id) v\($0.version) \($0.label)"
                    })
                #expect(pubs == currentPublications, "workspace \(index) holds the server's publications")
                let rated = Set(verdicts.values.filter { $0.reviewer == device.user }.map(\.claimId))
                let visible = verdicts.filter {
                    device.user == "erin" || $0.value.reviewer == device.user
                        || ((rated.contains($0.value.claimId) || publications[$0.value.claimId] != nil)
                            && !$0.value.deleted)
                }
                let pulled = try workspace.pulledVerdicts().filter {
                    device.user == "erin" || $0.value.reviewer == device.user || !$0.value.deleted
                }
                #expect(pulled == visible, "workspace \(index) (\(device.user)) holds exactly what it may see")
            }
            #expect(!liveAssignments.isEmpty && !publications.isEmpty && published > 0, "the run did the workflow")
            #expect(verdicts.count > 2, "the run rated several claims")
            #expect(conflictsMet > 0, "the run met conflicts")
        }
    }
}
