import Foundation
import HTTPTypes
import Hummingbird
import VerdictShared

/// An error answered as `{"error": {"message": ..., "code": ..., "current": ...}}` with its HTTP status.
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    let status: HTTPResponse.Status
    let body: APIErrorBody
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String? = nil, _ message: String, current: AnyRecord? = nil) {
        self.status = status
        self.body = APIErrorBody(.init(message: message, code: code, current: current))
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "invalid", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not-found", message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message) }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, code: "unauthorized", message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    var description: String { "\(status.code) \(body.error.message)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try Response.json(body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Response {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON response, with an ETag when the body is a versioned record.
    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, version: Int? = nil
    ) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let version { headers[.eTag] = ETag.make(version) }
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    /// A response whose body is JSON text built elsewhere.
    static func rawJSON(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
