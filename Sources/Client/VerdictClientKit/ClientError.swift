/// A failure of a workspace or sync operation that the person at the terminal can act on; its description says
/// what went wrong and, where there is one, the command that fixes it.
public struct ClientError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// The user's role may not do this (the workspace knows it before the server is asked).
    public let isForbidden: Bool

    public init(_ description: String, forbidden: Bool = false) {
        self.description = description
        isForbidden = forbidden
    }
}
