import Foundation
import Testing
import VerdictShared

@Suite struct UsersAPITests {
    struct NewUser: Encodable {
        let name: String
        let role: String
    }

    @Test(arguments: TestBackend.allCases)
    func adminsManageUsersWithClearErrors(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let ada = server.client("ada")
            let created = try await ada.send("POST", "/v1/users", json: NewUser(name: "nadia", role: "reviewer"))
            #expect(created.status == 201)
            let token = try created.decode(IssuedToken.self)
            #expect(try await HTTPTestClient(port: server.port, token: token.token).get("/v1/me").status == 200)

            let again = try await ada.send("POST", "/v1/users", json: NewUser(name: "NADIA", role: "editor"))
            #expect(again.status == 409)
            #expect(again.error?.message.contains("already exists") == true)
            let badName = try await ada.send("POST", "/v1/users", json: NewUser(name: "no spaces", role: "editor"))
            #expect(badName.status == 400)
            let badRole = try await ada.send("POST", "/v1/users", json: NewUser(name: "olga", role: "overlord"))
            #expect(badRole.status == 400)
            #expect(badRole.error?.message.contains("role") == true)
            let reserved = try await ada.send("POST", "/v1/users", json: NewUser(name: "system", role: "admin"))
            #expect(reserved.status == 400)

            #expect(try await ada.request("POST", "/v1/users/nobody/tokens").status == 404)
            #expect(try await ada.request("POST", "/v1/users/system/tokens").status == 404)
            let second = try await ada.send("POST", "/v1/users/nadia/tokens", raw: #"{"label": "laptop"}"#)
            #expect(second.status == 201)
            #expect(try second.decode(IssuedToken.self).label == "laptop")
            let badLabel = try await ada.send("POST", "/v1/users/nadia/tokens", raw: #"{"label": 5}"#)
            #expect(badLabel.status == 400)
        }
    }
}
