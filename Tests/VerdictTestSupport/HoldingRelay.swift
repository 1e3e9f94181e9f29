import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP relay on 127.0.0.1 between an HTTP/1.1 client and a server, which passes requests on until a set
/// number of requests whose request line starts with `prefix` have gone through, then holds the next such
/// request, or its answer, until the relay is closed: the server never sees the request, or applies it and
/// the client never learns. After `release()` every later request passes. A test points a client at it to stop that client at
/// a known point, whatever the machine's speed, before killing it.
///
/// Requests are delimited by their `Content-Length` (what the `verdict` client sends); answers are passed back
/// as they come. One thread per direction of each connection.
///
/// `@unchecked Sendable`: its mutable state (the count, whether it holds, open sockets) is guarded by `lock`.
public final class HoldingRelay: @unchecked Sendable {
    /// What is held once the limit is passed.
    public enum Hold: Sendable {
        /// The request: it never reaches the server.
        case request
        /// The answer: the server handles the request, the client waits for an answer that never comes.
        case answer
    }

    /// The port clients connect to.
    public let port: Int
    private let target: Int
    private let prefix: [UInt8]
    private var limit: Int
    private let hold: Hold
    /// Connections whose answers are held from now on (by the client-side socket).
    private var heldAnswers: Set<Int32> = []
    private let listener: Int32
    private let lock = NSCondition()
    private var passed = 0
    private var holding = false
    private var closed = false
    private var sockets: [Int32] = []
    private var relayedAnswerBytes = 0

    /// Relays to 127.0.0.1:`target`, holding the request after the first `limit` starting with `prefix`, or
    /// its answer.
    public init(
        to target: Int, holding hold: Hold = .request, after limit: Int, requestsStartingWith prefix: String
    ) throws {
        self.target = target
        self.hold = hold
        self.limit = limit
        self.prefix = Array(prefix.utf8)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw RawHTTPError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                bind(listener, sockaddr, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, sockaddr, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(listener)
            throw RawHTTPError("cannot listen on 127.0.0.1")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { self.acceptLoop() }
    }

    deinit { close() }

    /// Waits until a request is held (for `.answer`: until the server has answered it); false if none was
    /// within `timeout` seconds.
    public func waitUntilHolding(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while !holding {
            guard lock.wait(until: deadline) else { return holding }
        }
        return true
    }

    /// The bytes relayed from the server to clients so far (heads, bodies as sent, chunk framing): what went over
    /// the wire.
    public var answerBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return relayedAnswerBytes
    }

    /// Lets every later request through (a held one stays held: its client is expected to be gone).
    public func release() {
        lock.lock()
        limit = Int.max
        lock.unlock()
    }

    /// Closes every connection and stops accepting.
    public func close() {
        lock.lock()
        let open = closed ? [] : sockets + [listener]
        closed = true
        sockets = []
        lock.unlock()
        for fd in open {
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    private func track(_ fd: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return false }
        sockets.append(fd)
        return true
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard track(client), let server = try? RawHTTPConnection.connectedSocket(port: target), track(server)
            else {
                Glibc.close(client)
                return
            }
            Thread.detachNewThread { self.pump(from: server, to: client) }
            Thread.detachNewThread { self.relayRequests(from: client, to: server) }
        }
    }

    /// Bytes from one socket to the other until either side closes, or until the destination's answers are
    /// held (the bytes that arrive then are the held answer: the client waits for each answer before it asks
    /// again).
    private func pump(from source: Int32, to destination: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(source, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            lock.lock()
            let held = heldAnswers.contains(destination)
            if held {
                holding = true
                lock.broadcast()
            } else {
                relayedAnswerBytes += count
            }
            lock.unlock()
            if held { return }
            guard Self.sendAll(chunk[0..<count], to: destination) else { break }
        }
        shutdown(destination, Int32(SHUT_WR))
    }

    /// Requests from the client to the server, one whole request at a time, holding as told.
    private func relayRequests(from client: Int32, to server: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            // A whole request: headers, then Content-Length bytes.
            var headerEnd: Int?
            var needed: Int?
            while needed == nil || buffer.count < needed! {
                if headerEnd == nil, let end = Self.find(separator, in: buffer) {
                    headerEnd = end + separator.count
                    needed = headerEnd! + Self.contentLength(buffer[0..<end])
                    continue
                }
                let count = recv(client, &chunk, chunk.count, 0)
                guard count > 0 else {
                    shutdown(server, Int32(SHUT_WR))
                    return
                }
                buffer += chunk[0..<count]
            }
            let request = buffer[0..<needed!]
            if request.starts(with: prefix) {
                lock.lock()
                passed += 1
                let over = passed > limit
                if over && hold == .request {
                    holding = true
                    lock.broadcast()
                }
                if over && hold == .answer { heldAnswers.insert(client) }
                lock.unlock()
                if over && hold == .request { return }
            }
            guard Self.sendAll(request, to: server) else { return }
            buffer.removeFirst(needed!)
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int {
        for line in String(decoding: head, as: UTF8.self).split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                return Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return 0
    }

    private static func sendAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
