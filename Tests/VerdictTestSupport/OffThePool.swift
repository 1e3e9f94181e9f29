import Foundation

/// Runs blocking work (sockets, waiting for a process) on a thread of its own and awaits its result.
///
/// Blocking calls on Swift's cooperative pool, or on `DispatchQueue.global()`, starved an in-process
/// Hummingbird server on this 2-core machine; a dedicated `Thread` does not.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
