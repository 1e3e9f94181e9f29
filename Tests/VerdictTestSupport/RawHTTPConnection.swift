import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over one plain TCP socket to 127.0.0.1, for the tests and the benchmark.
///
/// Two ways to use it, on the same connection if need be:
/// - keep-alive requests with a `Content-Length` body and response: `request`, or `writeRequest` several
///   times then `readResponse` as many (pipelining; answers come in order). The benchmark uses this because
///   URLSession on Linux cost more than the server work it was timing.
/// - raw bytes: `send` a request in pieces and `readUntilClosed`, for tests that need a request provably in
///   flight or half-sent.
///
/// Calls block; a connection belongs to one thread at a time (see `offThePool`).
public final class RawHTTPConnection {
    private let fd: Int32
    private let bearerToken: String?
    /// Bytes received and not yet handed out.
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    /// "METHOD path" of each request written and not yet answered, oldest first.
    private var unanswered: [String] = []

    /// Connects to 127.0.0.1:`port`. With a `bearerToken`, every `request` carries it.
    public init(port: Int, bearerToken: String? = nil) throws {
        self.bearerToken = bearerToken
        fd = try Self.connectedSocket(port: port)
    }

    /// A TCP socket connected to 127.0.0.1:`port`, with Nagle's delay off; the caller closes it.
    static func connectedSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError("socket() failed: \(Self.lastError)") }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let cause = Self.lastError
            close(fd)
            throw RawHTTPError("connect() to 127.0.0.1:\(port) failed: \(cause)")
        }
        return fd
    }

    deinit { close(fd) }

    // MARK: Keep-alive requests

    /// Sends one request and reads its response, whatever its status.
    public func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = []
    ) throws -> RawHTTPResponse {
        try writeRequest(method, path, body: body, headers: headers)
        return try readResponse()
    }

    /// Writes one request without waiting for its answer; `readResponse` reads the answers in order. `headers`
    /// go out as they are, after the bearer token.
    public func writeRequest(
        _ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = []
    ) throws {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let bearerToken { head += "Authorization: Bearer \(bearerToken)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body?.count ?? 0)\r\n"
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "\r\n"
        var request = Data(head.utf8)
        if let body { request.append(body) }
        try send(request)
        unanswered.append("\(method) \(path)")
    }

    /// Reads the next response: status line, headers, then a `Content-Length` body (none if the header is
    /// missing) or a chunked one, de-chunked (trailers dropped). A `Content-Encoding` is left as it came.
    public func readResponse() throws -> RawHTTPResponse {
        let request = unanswered.isEmpty ? "request" : unanswered.removeFirst()
        let headerEnd = try readHeaderEnd()
        let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        var chunked = false
        for line in lines.dropFirst() {
            let lowercased = line.lowercased()
            if lowercased.hasPrefix("content-length:") {
                length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
            } else if lowercased.hasPrefix("transfer-encoding:") && lowercased.contains("chunked") {
                chunked = true
            }
        }
        buffer.removeFirst(headerEnd + 4)
        if chunked {
            return RawHTTPResponse(request: request, status: status, head: head, body: try readChunkedBody(request))
        }
        while buffer.count < length { try fill() }
        let body = Data(buffer[0..<length])
        buffer.removeFirst(length)
        return RawHTTPResponse(request: request, status: status, head: head, body: body)
    }

    /// A chunked body (RFC 9112 section 7.1): size lines in hex, each chunk and its CRLF, up to the last (size 0)
    /// chunk and the trailer section's blank line.
    private func readChunkedBody(_ request: String) throws -> Data {
        var body = Data()
        while true {
            let line = try readLine()
            let size = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let count = Int(size.trimmingCharacters(in: .whitespaces), radix: 16), count >= 0 else {
                throw RawHTTPError("\(request): bad chunk size line \(line.prefix(40))")
            }
            if count == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            while buffer.count < count + 2 { try fill() }
            body.append(contentsOf: buffer[0..<count])
            guard buffer[count] == 13, buffer[count + 1] == 10 else {
                throw RawHTTPError("\(request): a chunk does not end with CRLF")
            }
            buffer.removeFirst(count + 2)
        }
    }

    /// One CRLF-terminated line of the buffer (reading more as needed), without its CRLF.
    private func readLine() throws -> String {
        var from = 0
        while true {
            if buffer.count >= 2 {
                for index in from...(buffer.count - 2) where buffer[index] == 13 && buffer[index + 1] == 10 {
                    let line = String(decoding: buffer[0..<index], as: UTF8.self)
                    buffer.removeFirst(index + 2)
                    return line
                }
                from = buffer.count - 1
            }
            try fill()
        }
    }

    // MARK: Raw bytes

    /// Sends `text` as it is.
    public func send(_ text: String) throws { try send(Data(text.utf8)) }

    /// Sends `data` as it is.
    public func send(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw RawHTTPError("send() failed: \(Self.lastError)") }
                offset += written
            }
        }
    }

    /// Reads until the server closes the connection (`closedByServer`), or until nothing has arrived for
    /// `timeout` seconds (then `closedByServer` is false): a test that waits for the server to hang up can tell
    /// the two apart instead of timing the wait.
    public func readUntilClosed(timeout: TimeInterval = 10) throws -> (text: String, closedByServer: Bool) {
        var limit = timeval(
            tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.towardZero)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        defer {
            var none = timeval(tv_sec: 0, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, socklen_t(MemoryLayout<timeval>.size))
        }
        var data = Data(buffer)
        buffer.removeAll()
        while true {
            let count = receive()
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
                continue
            }
            let cause = errno
            if count < 0 && cause == EINTR { continue }
            // 0 is an orderly close; a reset is the server closing with bytes it did not read.
            let closed = count == 0 || cause == ECONNRESET
            return (String(decoding: data, as: UTF8.self), closed)
        }
    }

    /// Everything until the server closes the connection, or until nothing has arrived for `timeout` seconds.
    public func readAll(timeout: TimeInterval = 10) throws -> String {
        try readUntilClosed(timeout: timeout).text
    }

    // MARK: Reading

    /// Index of the blank line that ends the next response's head, reading more as needed.
    private func readHeaderEnd() throws -> Int {
        var from = 0
        while true {
            if buffer.count >= 4 {
                for index in from...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
                from = buffer.count - 3
            }
            try fill()
        }
    }

    private func fill() throws {
        let count = receive()
        guard count > 0 else {
            throw RawHTTPError(count == 0 ? "connection closed by the server" : "recv() failed: \(Self.lastError)")
        }
        buffer.append(contentsOf: chunk[0..<count])
    }

    /// One `recv` into `chunk`.
    private func receive() -> Int {
        chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

/// One response read by `RawHTTPConnection`.
public struct RawHTTPResponse: Sendable {
    /// "METHOD path" of the request it answers.
    public let request: String
    /// The status code (0 if the status line was unreadable).
    public let status: Int
    /// Status line and headers, without the blank line.
    public let head: String
    /// The body: `Content-Length` bytes, or the chunks put together.
    public let body: Data

    /// The body, or an error naming the request, the status and the start of the body if it is not a 2xx.
    public func successBody() throws -> Data {
        guard (200..<300).contains(status) else {
            throw RawHTTPError("\(request): \(status) \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
        return body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let prefix = name.lowercased() + ":"
        for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix(prefix) {
            return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// A socket or protocol failure of `RawHTTPConnection`, or a response that was not a success.
public struct RawHTTPError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
