/// What a user may do. Each role can do everything the one before it can.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Marks claims and writes their own verdicts.
    case reviewer
    /// Also adds and corrects articles and withdraws claims.
    case editor
    /// Also manages users.
    case admin

    private var rank: Int {
        switch self {
        case .reviewer: 0
        case .editor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A user as the API shows it (never with tokens).
public struct User: Codable, Sendable, Equatable {
    public var name: String
    public var role: Role
    public var disabled: Bool
    public var createdAt: String

    public init(name: String, role: Role, disabled: Bool, createdAt: String) {
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A freshly issued API token. `token` is shown once and never stored; the server keeps its hash.
public struct IssuedToken: Codable, Sendable, Equatable {
    public var user: String
    public var tokenId: Int64
    public var label: String?
    public var token: String

    public init(user: String, tokenId: Int64, label: String?, token: String) {
        self.user = user
        self.tokenId = tokenId
        self.label = label
        self.token = token
    }
}

/// A token as listings show it: no secret, only what identifies it.
public struct TokenInfo: Codable, Sendable, Equatable {
    public var id: Int64
    public var user: String
    public var label: String?
    public var createdAt: String
    public var revokedAt: String?

    public init(id: Int64, user: String, label: String?, createdAt: String, revokedAt: String?) {
        self.id = id
        self.user = user
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
