/// A failure of a workspace or sync operation that the person at the terminal can act on; its description says
/// what went wrong and, where there is one, the command that fixes it.
public struct ClientError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
