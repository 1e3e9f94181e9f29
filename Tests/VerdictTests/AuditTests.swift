import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// Admin actions over HTTP, the admin commands, and publications leave an audit trail that only admins read.
@Suite struct AuditTests {
    @Test(arguments: TestBackend.allCases)
    func adminActionsAndPublicationsAreAudited(backend: TestBackend) async throws {
        try await withServer(users: PublicationAPITests.users, backend: backend) { server in
            let ada = server.client("ada")
            let created = try await ada.send(
                "POST", "/v1/users", json: UsersController.NewUser(name: "nina", role: .reviewer, tokenLabel: "laptop"))
            #expect(created.status == 201)
            let token = try await ada.send(
                "POST", "/v1/users/nina/tokens", json: UsersController.NewToken(label: "phone"))
            #expect(token.status == 201)
            let (settled, _) = try await PublicationAPITests.desk(server)
            let erin = server.client("erin")
            #expect(
                try await erin.send(
                    "PUT", "/v1/publications/pub-1", json: PublicationInput(claimId: settled.id, summary: "False.")
                ).status == 201)
            #expect(
                try await erin.send(
                    "PUT", "/v1/publications/pub-1",
                    json: PublicationInput(claimId: settled.id, summary: "False, 31.", correction: "The count."),
                    headers: ["If-Match": "\"1\""]
                ).status == 200)
            // A refused publication leaves no entry.
            #expect(
                try await erin.send("POST", "/v1/publications", json: PublicationInput(claimId: "nope", summary: "x"))
                    .status == 404)
            // The admin commands on the file are audited too.
            let disabled = try ServerBinary.run(["users", "disable", "nina", "--db", server.databasePath])
            #expect(disabled.status == 0, "\(disabled.stderr)")

            let page = try await ada.get("/v1/audit").decode(AuditPage.self)
            let lines = page.entries.map { "\($0.actor) \($0.action) \($0.target)" }
            #expect(
                lines == [
                    "ada user.create nina", "ada token.issue nina", "ada token.issue nina",
                    "erin publication.publish pub-1", "erin publication.correct pub-1", "admin-cli user.disable nina",
                ])
            #expect(page.entries[0].detail == "role reviewer" && page.entries[0].address == "127.0.0.1")
            #expect(page.entries[2].detail?.hasSuffix("label phone") == true)
            #expect(page.entries[3].detail == "claim \(settled.id), false, version 1")
            #expect(page.next == nil && page.entries.map(\.id) == page.entries.map(\.id).sorted())
            #expect(!String(describing: page).contains("vdt_"), "no token secret in the trail")

            // Paged; admins only.
            let first = try await ada.get("/v1/audit?limit=2").decode(AuditPage.self)
            #expect(first.entries.count == 2 && first.next == first.entries.last?.id)
            let rest = try await ada.get("/v1/audit?after=\(first.next ?? 0)").decode(AuditPage.self)
            #expect(first.entries + rest.entries == page.entries)
            #expect(try await erin.get("/v1/audit").status == 403)
            #expect(try await ada.get("/v1/audit?limit=0").status == 400)
        }
    }
}
