import GRDB
import Synchronization

/// Group commit for SQLite: write transactions asked for while one runs are run together, in the order they were
/// asked for, in the next single SQLite transaction, each in a savepoint of its own.
///
/// SQLite has one writer, so transactions run one after the other anyway; what grouping saves is the commit of
/// each (writing the same B-tree pages to the WAL again and again, and the checkpoints that follow) and a trip
/// to GRDB's writer queue per write. Nothing a caller sees changes:
/// - Each body sees exactly what the bodies before it left, as if each had its own transaction in the same
///   order: change numbers, versions, conflicts and remembered outcomes come out as they would serially.
/// - A body that throws is undone alone (its savepoint is rolled back) and its caller gets its error; the others
///   in the group commit.
/// - No caller is answered before the transaction that holds its writes has committed; when the commit fails,
///   every caller of the group gets that error.
/// - A transaction asked for when none is waiting runs at once, alone and without a savepoint: an idle server
///   adds no delay, and grouping only starts where writers already queue.
final class SQLiteWriteGroup: Sendable {
    private let pool: DatabasePool
    /// The most bodies one transaction runs, and the most weight (mutations) it holds, so that a long queue
    /// still commits in steps. Grouping saves a commit per write, which matters for small writes only: a push
    /// of hundreds of mutations gains nothing from company and would keep another's rows in memory longer.
    private let maximumGroup: Int
    private let maximumWeight: Int
    private let state = Mutex(State())
    /// Where the size of each group is counted.
    private let metrics: ServerMetrics?

    private struct State {
        var pending: [any GroupedWrite] = []
        var draining = false
    }

    init(pool: DatabasePool, maximumGroup: Int = 64, maximumWeight: Int = 256, metrics: ServerMetrics? = nil) {
        self.pool = pool
        self.maximumGroup = maximumGroup
        self.maximumWeight = maximumWeight
        self.metrics = metrics
    }

    /// How many writes wait for the transaction that runs now to end.
    var waiting: Int { state.withLock { $0.pending.count } }

    /// Runs `body` in a write transaction, possibly shared with other callers' bodies, and returns once that
    /// transaction has committed. `weight` is about how much it writes (a push's mutation count).
    func write<T: Sendable>(weight: Int = 1, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(body, continuation, weight: weight)
            let startDraining = state.withLock { state in
                state.pending.append(job)
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDraining {
                runNextGroup()
            }
        }
    }

    /// Takes the next group and runs it in one transaction, on GRDB's writer queue; then, when more are waiting,
    /// queues the next group behind whatever other writes (token checks, pruning) asked for the writer meanwhile.
    private func runNextGroup() {
        pool.asyncWriteWithoutTransaction { db in
            let jobs = self.nextGroup()
            guard !jobs.isEmpty else { return }
            self.metrics?.recordWriteGroup(size: jobs.count)
            do {
                try db.inTransaction {
                    if jobs.count == 1 {
                        // Alone: the body's error rolls the whole transaction back, as a plain write would.
                        try jobs[0].run(db)
                    } else {
                        for job in jobs { job.runInSavepoint(db) }
                    }
                    return .commit
                }
                for job in jobs { job.finish(commitError: nil) }
            } catch {
                for job in jobs { job.finish(commitError: error) }
            }
            let more = self.state.withLock { state in
                if state.pending.isEmpty { state.draining = false }
                return state.draining
            }
            if more { self.runNextGroup() }
        }
    }

    /// The waiting writes the next transaction runs, in the order they were asked for; none, and draining ends,
    /// when nothing waits.
    private func nextGroup() -> [any GroupedWrite] {
        state.withLock { state -> [any GroupedWrite] in
            guard !state.pending.isEmpty else {
                state.draining = false
                return []
            }
            var count = 1
            var weight = state.pending[0].weight
            while count < min(maximumGroup, state.pending.count), weight + state.pending[count].weight <= maximumWeight
            {
                weight += state.pending[count].weight
                count += 1
            }
            let taken = Array(state.pending.prefix(count))
            state.pending.removeFirst(count)
            return taken
        }
    }
}

/// One caller's body in a group, and how to answer it.
private protocol GroupedWrite: AnyObject, Sendable {
    var weight: Int { get }
    func run(_ db: Database) throws
    func runInSavepoint(_ db: Database)
    func finish(commitError: (any Error)?)
}

/// A caller's body and its continuation. Run, then answered, on GRDB's writer queue: never from two threads at
/// once.
private final class Job<T: Sendable>: GroupedWrite, @unchecked Sendable {
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    /// The body's value or error, untold until its transaction has committed.
    private var outcome: Result<T, any Error>?
    let weight: Int

    init(
        _ body: @escaping @Sendable (Database) throws -> T, _ continuation: CheckedContinuation<T, any Error>,
        weight: Int
    ) {
        self.body = body
        self.continuation = continuation
        self.weight = max(weight, 1)
    }

    func run(_ db: Database) throws {
        do {
            outcome = .success(try body(db))
        } catch {
            outcome = .failure(error)
            throw error
        }
    }

    /// Runs the body in a savepoint: when it throws, only its own writes are undone and its error is kept for
    /// its caller.
    func runInSavepoint(_ db: Database) {
        do {
            try db.inSavepoint {
                try run(db)
                return .commit
            }
        } catch {
            // The body's own error is kept already; otherwise the savepoint failed around it (opening, or
            // releasing after the body ran) and its writes do not stand.
            if case .failure = outcome {} else { outcome = .failure(error) }
        }
    }

    /// Answers the caller: the commit's error when it failed, else the body's own value or error.
    func finish(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else {
            continuation.resume(with: outcome ?? .failure(CancellationError()))
        }
    }
}
