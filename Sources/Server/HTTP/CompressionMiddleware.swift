import HTTPTypes
import Hummingbird

/// Compresses response bodies with gzip or deflate when the request's `Accept-Encoding` asks for one: change-feed
/// pages, exports (streamed, and compressed as they stream), push answers and other large listings.
///
/// A body is compressed only if it is a successful answer to a GET or POST, of a text or JSON type, without an
/// `ETag` (a record's version tag names its uncompressed bytes) or an encoding of its own, and at least
/// ``minimumBytes`` long or of unknown length (streamed). Such a response carries `Vary: Accept-Encoding`
/// whether it was compressed or not. Anything else, and every response to a request that does not ask, goes out
/// exactly as the handler made it. `serve --no-compression` leaves this middleware out.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this, compression saves too little to be worth a header and a zlib stream.
    static var minimumBytes: Int { 1024 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard Self.isCompressible(request, response) else { return response }
        response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        let accepted = request.headers[values: .acceptEncoding].joined(separator: ",")
        guard let coding = ContentCoding.preferred(byAcceptEncoding: accepted) else { return response }
        let body = response.body
        response.headers[.contentEncoding] = coding.rawValue
        // Setting the body drops the `Content-Length` of the uncompressed bytes: the answer goes chunked.
        response.body = ResponseBody { writer in
            try await body.write(CompressingBodyWriter(parent: writer, coding: coding))
        }
        return response
    }

    static func isCompressible(_ request: Request, _ response: Response) -> Bool {
        guard request.method == .get || request.method == .post, response.status == .ok else { return false }
        guard response.headers[.eTag] == nil, response.headers[.contentEncoding] == nil,
            response.headers[.contentRange] == nil
        else { return false }
        guard let type = response.headers[.contentType]?.lowercased(),
            type.hasPrefix("text/") || type.contains("json")
        else { return false }
        if let length = response.body.contentLength, length < minimumBytes { return false }
        return true
    }
}
