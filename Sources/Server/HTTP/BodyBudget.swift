import Hummingbird
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The request bodies buffered at once, server-wide and per user. A body is counted at its declared length (or the
/// largest accepted when it declares none) from before its first byte is read until its answer is made, so that
/// many large pushes at once wait their turn instead of filling memory.
final class BodyBudget: Sendable {
    let total: Int
    let perUser: Int
    private let state = Mutex(State())

    private struct State {
        var used = 0
        var byUser: [String: Int] = [:]
        /// Bytes released since memory was last handed back to the system.
        var releasedSinceTrim = 0
        var trimScheduled = false
    }

    /// After this many bytes of bodies have come and gone, and none is being read, the allocator is asked to
    /// return its free memory to the system (glibc otherwise keeps the peak of a burst of large pushes).
    static let trimAfterBytes = 32 * 1_048_576

    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not declare it, and other C
    /// libraries have none.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    init(total: Int, perUser: Int) {
        self.total = total
        self.perUser = perUser
    }

    /// The bounds `config` sets (by default four bodies of the largest size, two per user).
    convenience init(_ config: ServerConfig) {
        self.init(
            total: config.bodies.maxBufferedBytes ?? 4 * config.maxBodyBytes,
            perUser: config.bodies.maxBufferedBytesPerUser ?? 2 * config.maxBodyBytes)
    }

    /// Which bound a body did not fit in.
    enum Shortfall {
        case server, user
    }

    /// Counts `bytes` for `user` if both bounds allow it, else says which does not and changes nothing.
    func reserve(_ bytes: Int, user: String) -> Shortfall? {
        state.withLock { state in
            let mine = state.byUser[user, default: 0]
            if mine + bytes > perUser { return .user }
            if state.used + bytes > total { return .server }
            state.used += bytes
            state.byUser[user] = mine + bytes
            return nil
        }
    }

    func release(_ bytes: Int, user: String) {
        let trim = state.withLock { state in
            state.used -= bytes
            let left = state.byUser[user, default: 0] - bytes
            state.byUser[user] = left > 0 ? left : nil
            state.releasedSinceTrim += bytes
            guard state.used == 0, state.releasedSinceTrim >= Self.trimAfterBytes, !state.trimScheduled else {
                return false
            }
            state.trimScheduled = true
            return true
        }
        guard trim else { return }
        // A moment later, once the answer that released the body has gone and its buffers are freed.
        Task.detached { [self] in
            try? await Task.sleep(for: .milliseconds(200))
            _ = Self.mallocTrim?(0)
            state.withLock {
                $0.trimScheduled = false
                $0.releasedSinceTrim = 0
            }
        }
    }

    /// Bytes counted now, server-wide.
    var used: Int { state.withLock { $0.used } }
}

/// Reads the body of every authenticated request that has one, within the ``BodyBudget`` and in bounded time,
/// before the handler runs: 413 when its declared length is over the limit (before a byte of it is read), 503 with
/// `Retry-After` when the budget is spent, 408 when it arrives too slowly. Handlers then read the buffered body.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AuthenticatedContext
    let budget: BodyBudget
    let maxBodyBytes: Int
    let limits: ServerConfig.BodyLimits

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") == true
        guard chunked || (declared ?? 0) > 0 else { return try await next(request, context) }
        if let declared, declared > maxBodyBytes {
            throw APIError(
                .contentTooLarge, code: "http-413",
                "the request body is \(declared) bytes, larger than the \(maxBodyBytes) this server accepts")
        }
        let bytes = declared ?? maxBodyBytes
        let user = context.identity.name
        if let shortfall = budget.reserve(bytes, user: user) {
            let whose = shortfall == .user ? "from you (\(user))" : "from everyone"
            var error = APIError(
                .serviceUnavailable, code: "busy",
                "the server is already reading as many request bodies \(whose) as it holds at once; retry in a moment")
            error.headers[.retryAfter] = "2"
            throw error
        }
        defer { budget.release(bytes, user: user) }
        let seconds = limits.graceSeconds + Double(bytes) / Double(limits.minBytesPerSecond)
        var request = request
        request.body = .init(
            buffer: try await Self.collect(request.body, declared: declared, upTo: maxBodyBytes, within: seconds))
        return try await next(request, context)
    }

    /// The whole body, or 408 when it has not all come within `seconds` (a trickled body would otherwise hold its
    /// share of the budget and its connection for as long as the sender likes). A declared length is allocated
    /// once, exactly, instead of by doubling.
    static func collect(
        _ body: RequestBody, declared: Int?, upTo limit: Int, within seconds: Double
    ) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var buffer = ByteBufferAllocator().buffer(capacity: declared ?? 0)
                for try await chunk in body {
                    guard buffer.readableBytes + chunk.readableBytes <= limit else {
                        throw APIError(
                            .contentTooLarge, code: "http-413", "the request body is larger than this server accepts")
                    }
                    buffer.writeImmutableBuffer(chunk)
                }
                return buffer
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                var error = APIError(
                    .requestTimeout, code: "http-408",
                    "the request body did not arrive within \(Int(seconds.rounded(.up))) seconds")
                error.headers[.connection] = "close"
                throw error
            }
            return buffer
        }
    }
}
