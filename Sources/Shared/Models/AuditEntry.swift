/// One line of the audit trail: an admin action over HTTP (a user created, a token issued), a change made with
/// `verdict-server users`, or a publication. Admins read it at `GET /v1/audit`; entries are never changed.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// Increasing; page with `after`.
    public var id: Int64
    public var at: String
    /// Who did it: a user, or `admin-cli` for the admin commands on the database file.
    public var actor: String
    /// `user.create`, `token.issue`, `token.revoke`, `user.disable`, `user.enable`, `publication.publish` or
    /// `publication.correct`.
    public var action: String
    /// What it was done to: a user's name, or a publication's id.
    public var target: String
    /// What a person reading the trail needs besides (a role, a token's id and label, a label and claim).
    public var detail: String?
    /// The remote address of the request, when it came over HTTP.
    public var address: String?

    public init(
        id: Int64, at: String, actor: String, action: String, target: String, detail: String? = nil,
        address: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.address = address
    }
}

/// A page of the audit trail, oldest first.
public struct AuditPage: Codable, Sendable, Equatable {
    public var entries: [AuditEntry]
    /// The `after` for the next page; nil when this is the last.
    public var next: Int64?

    public init(entries: [AuditEntry], next: Int64?) {
        self.entries = entries
        self.next = next
    }
}
