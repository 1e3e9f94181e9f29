/// `GET /v1/me`: who the token belongs to.
public struct Me: Codable, Sendable, Equatable {
    public let name: String
    public let role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}
