import Foundation
import Testing
import VerdictShared

/// Role by action: what each role may do, checked against a live server.
@Suite struct PermissionTests {
    enum Action: String, CaseIterable {
        case readArticle, addArticle, correctArticle, markClaim, withdrawClaim, writeOwnVerdict, listUsers, addUser
        case issueToken, readChanges, push
    }

    /// Expected status per action for reviewer, editor, admin.
    static let table: [Action: [Role: Int]] = [
        .readArticle: [.reviewer: 200, .editor: 200, .admin: 200],
        .addArticle: [.reviewer: 403, .editor: 201, .admin: 201],
        .correctArticle: [.reviewer: 403, .editor: 200, .admin: 200],
        .markClaim: [.reviewer: 201, .editor: 201, .admin: 201],
        .withdrawClaim: [.reviewer: 403, .editor: 200, .admin: 200],
        .writeOwnVerdict: [.reviewer: 201, .editor: 201, .admin: 201],
        .listUsers: [.reviewer: 403, .editor: 403, .admin: 200],
        .addUser: [.reviewer: 403, .editor: 403, .admin: 201],
        .issueToken: [.reviewer: 403, .editor: 403, .admin: 201],
        .readChanges: [.reviewer: 200, .editor: 200, .admin: 200],
        .push: [.reviewer: 200, .editor: 200, .admin: 200],
    ]

    @Test(arguments: TestBackend.allCases, Action.allCases)
    func roleByAction(backend: TestBackend, _ action: Action) async throws {
        try await withServer(backend: backend) { server in
            let users: [Role: String] = [.reviewer: "rita", .editor: "erin", .admin: "ada"]
            for role in [Role.reviewer, .editor, .admin] {
                let client = server.client(users[role])
                let status = try await perform(action, as: client, server: server)
                #expect(status == Self.table[action]?[role], "\(action) as \(role)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func everyV1EndpointNeedsAValidToken(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let paths = ["/v1/me", "/v1/scale", "/v1/articles", "/v1/changes", "/v1/openapi.yaml", "/v1/users"]
            for token in [nil, "vdt_" + String(repeating: "0", count: 64), "garbage"] {
                let client = HTTPTestClient(port: server.port, token: token)
                for path in paths {
                    let result = try await client.get(path)
                    #expect(result.status == 401, "\(path) with \(token ?? "no token")")
                    #expect(result.header("WWW-Authenticate") == "Bearer")
                    #expect(result.error?.message.isEmpty == false)
                }
            }
            let basic = try await HTTPTestClient(port: server.port, token: nil).get(
                "/v1/me", headers: ["Authorization": "Basic YWRhOmFkYQ=="])
            #expect(basic.status == 401)
            #expect(try await HTTPTestClient(port: server.port, token: nil).get("/health").status == 200)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func meTellsWhoAndWhichRole(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            struct Me: Decodable, Equatable {
                let name: String
                let role: Role
            }
            let me = try await server.client("erin").get("/v1/me").decode(Me.self)
            #expect(me == Me(name: "erin", role: .editor))
        }
    }

    private func perform(_ action: Action, as client: HTTPTestClient, server: TestServer) async throws -> Int {
        let editor = server.client("erin")
        switch action {
        case .readArticle:
            let article = try await editor.createArticle()
            return try await client.get("/v1/articles/\(article.id)").status
        case .addArticle:
            return try await client.send("POST", "/v1/articles", json: Fixtures.article(body: Fixtures.uniqueBody()))
                .status
        case .correctArticle:
            let article = try await editor.createArticle()
            return try await client.send(
                "PUT", "/v1/articles/\(article.id)", json: Fixtures.article(body: Fixtures.uniqueBody()),
                headers: ["If-Match": "\"1\""]
            ).status
        case .markClaim:
            let article = try await editor.createArticle()
            return try await client.send(
                "POST", "/v1/claims", json: ClaimInput(articleId: article.id, quote: "111 drones")
            )
            .status
        case .withdrawClaim:
            let article = try await editor.createArticle()
            let claim = try await editor.createClaim(articleId: article.id, quote: "111 drones")
            return try await client.request("DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""]).status
        case .writeOwnVerdict:
            let article = try await editor.createArticle()
            let claim = try await editor.createClaim(articleId: article.id, quote: "111 drones")
            return try await client.putVerdict(claimId: claim.id, label: "mixed").status
        case .listUsers:
            return try await client.get("/v1/users").status
        case .addUser:
            struct NewUser: Encodable {
                let name: String
                let role: Role
            }
            return try await client.send(
                "POST", "/v1/users", json: NewUser(name: "u\(UUID().uuidString.prefix(8))", role: .reviewer)
            ).status
        case .issueToken:
            return try await client.request("POST", "/v1/users/ravi/tokens").status
        case .readChanges:
            return try await client.get("/v1/changes").status
        case .push:
            return try await client.send("POST", "/v1/push", json: PushRequest(mutations: [])).status
        }
    }
}
