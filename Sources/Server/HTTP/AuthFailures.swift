import Foundation
import Synchronization

/// Failed authentications by remote address, within a sliding minute: to slow down whoever keeps guessing and to
/// log them without letting a flood of failures flood the log.
final class AuthFailures: Sendable {
    /// Failures an address may have in a window before its answers are delayed (a person mistyping a token is
    /// not slowed down).
    static let freeFailures = 5
    static let window: Duration = .seconds(60)
    /// At most one log line per address this often; the failures in between are counted in the next one.
    static let logInterval: Duration = .seconds(10)
    static let maximumDelay: Duration = .seconds(5)
    /// Addresses remembered at most; beyond it the stalest go first.
    static let capacity = 10_000

    private struct Entry {
        var failures = 0
        var windowStart: ContinuousClock.Instant
        var lastLogged: ContinuousClock.Instant?
        var unlogged = 0
    }

    /// What to do about one failure.
    struct Decision: Equatable {
        /// How long to wait before answering 401.
        var delay: Duration
        /// Failures in the current window, when a log line is due; nil when it is not.
        var logFailures: Int?
        /// Failures not logged since the last line.
        var unlogged: Int
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let clock = ContinuousClock()

    func record(_ address: String, now: ContinuousClock.Instant? = nil) -> Decision {
        let now = now ?? clock.now
        return entries.withLock { entries in
            if entries.count >= Self.capacity, entries[address] == nil {
                let cutoff = now - Self.window
                entries = entries.filter { $0.value.windowStart > cutoff }
                if entries.count >= Self.capacity,
                    let stalest = entries.min(by: { $0.value.windowStart < $1.value.windowStart })
                {
                    entries[stalest.key] = nil
                }
            }
            var entry = entries[address] ?? Entry(windowStart: now)
            if now - entry.windowStart > Self.window {
                entry.failures = 0
                entry.windowStart = now
            }
            entry.failures += 1
            var decision = Decision(delay: .zero, logFailures: nil, unlogged: 0)
            let excess = entry.failures - Self.freeFailures
            if excess > 0 {
                // 250 ms, doubling with each further failure, up to the maximum.
                let delay = Duration.milliseconds(250) * (1 << min(excess - 1, 10))
                decision.delay = min(delay, Self.maximumDelay)
            }
            if entry.lastLogged.map({ now - $0 >= Self.logInterval }) ?? true {
                decision.logFailures = entry.failures
                decision.unlogged = entry.unlogged
                entry.lastLogged = now
                entry.unlogged = 0
            } else {
                entry.unlogged += 1
            }
            entries[address] = entry
            return decision
        }
    }
}
