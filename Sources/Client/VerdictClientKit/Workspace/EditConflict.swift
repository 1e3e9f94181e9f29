import VerdictShared

/// A local verdict edit that met a newer version on the server: both sides, until the user settles it.
public struct EditConflict: Encodable, Sendable {
    public let claim: String
    public let quote: String?
    public let code: String?
    public let reason: String?
    /// The user's edit: the verdict fields, or nil for a withdrawal.
    public let mine: VerdictInput?
    public let theirs: Verdict?
}
