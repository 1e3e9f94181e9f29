import VerdictShared

/// The authenticated user a request or command acts as.
struct Identity: Sendable, Equatable {
    let name: String
    let role: Role

    /// True when the role is at least `role` (admins can do what editors can, editors what reviewers can).
    func can(_ role: Role) -> Bool { self.role >= role }
}
