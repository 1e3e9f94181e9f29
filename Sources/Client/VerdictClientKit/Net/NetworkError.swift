/// A failure to talk to the server, worded for the person at the terminal.
public struct NetworkError: Error, CustomStringConvertible {
    public let description: String
    /// Worth trying again later (no connection, timeout, server restarting).
    public let isTransient: Bool

    public init(description: String, isTransient: Bool) {
        self.description = description
        self.isTransient = isTransient
    }
}
