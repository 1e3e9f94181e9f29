import Foundation

/// One HTTP answer.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    /// The server's own error message (`{"error": {"message": ...}}`), if the body carries one.
    public var serverMessage: String? {
        struct Envelope: Decodable {
            struct Detail: Decodable { let message: String }
            let error: Detail
        }
        return (try? JSONDecoder().decode(Envelope.self, from: body))?.error.message
    }
}
