import Foundation

/// Settings for every request of a session.
public struct HTTPOptions: Sendable {
    public var connectTimeout: TimeInterval = 10
    /// The longest a single request may take in all.
    public var requestTimeout: TimeInterval = 300
    /// A CA bundle to trust instead of the system's (`--cacert`).
    public var caCertificate: String?
    /// Attempts for requests that are safe to repeat.
    public var attempts = 5
    /// First wait between attempts; doubled each time.
    public var backoff: TimeInterval = 0.5
    public var userAgent = "verdict/0.1"

    public init() {}
}
