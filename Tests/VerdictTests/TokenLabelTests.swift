import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// Token labels are limited to 100 Unicode scalars, as the OpenAPI document's `maxLength` counts them (found
/// by schemathesis: 100 letters with combining marks were taken as 100 characters).
@Suite struct TokenLabelTests {
    @Test func aLabelOver100ScalarsIsRefusedHoweverFewCharactersItShows() async throws {
        try await withServer { server in
            let ada = server.client("ada")
            let combined = String(repeating: "e\u{301}\u{316}", count: 34)  // 34 characters, 102 scalars
            #expect(combined.count == 34 && combined.unicodeScalars.count == 102)
            let refused = try await ada.send("POST", "/v1/users/rita/tokens", json: ["label": combined])
            #expect(refused.status == 400 && refused.error?.message.contains("102 Unicode scalars") == true)
            let newUser = try await ada.send(
                "POST", "/v1/users", json: ["name": "lena", "role": "reviewer", "tokenLabel": combined])
            #expect(newUser.status == 400, "\(newUser.text)")
            let longest = String(repeating: "e\u{301}", count: 50)
            #expect(try await ada.send("POST", "/v1/users/rita/tokens", json: ["label": longest]).status == 201)
        }
    }
}
