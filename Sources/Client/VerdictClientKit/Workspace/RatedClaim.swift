import VerdictShared

/// One claim with the user's verdict on it, for listings.
public struct RatedClaim: Encodable, Sendable, Equatable {
    public let claim: LocalClaim
    /// The user's verdict as it stands here (with unpushed edits), nil when none.
    public let verdict: VerdictInput?
    /// `pending`, `conflict` or `rejected` when the verdict has an unconfirmed local edit.
    public let editState: String?
    /// The user's verdict was given before a correction moved the claim: worth a second look.
    public let secondLook: Bool
}
