/// What `verdict status` reports: who and where, the outbox's state, and the last syncs.
public struct WorkspaceStatus: Encodable, Sendable {
    /// An edit the server did not apply: a conflict or a rejection, with the server's reason.
    public struct Problem: Encodable, Sendable {
        public let claim: String?
        public let type: String
        public let record: String
        public let state: String
        public let code: String?
        public let reason: String?
    }
    public let server: String
    public let user: String
    public let workspace: String
    public let pending: Int
    public let conflicts: Int
    public let rejected: Int
    public let lastPull: String?
    public let lastPush: String?
    public let cursor: Int64
    /// Claims that corrections moved, or orphaned, among what the last pull brought.
    public let movedClaims: Int
    public let orphanedClaims: Int
    /// The first 50 problems, oldest first.
    public let problems: [Problem]
}
