import Foundation

/// A non-2xx answer, carrying the server's message verbatim.
public struct ServerError: Error, CustomStringConvertible {
    public let response: HTTPResponse

    public init(response: HTTPResponse) {
        self.response = response
    }

    public var status: Int { response.status }

    public var description: String {
        if let message = response.serverMessage { return "server: \(message) (HTTP \(response.status))" }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
        return "server answered HTTP \(response.status)\(text.isEmpty ? "" : ": \(text)")"
    }
}
