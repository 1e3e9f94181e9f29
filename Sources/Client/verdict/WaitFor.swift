import Dispatch

/// Runs async work to its end from a synchronous command. The commands run on the main thread, which is not
/// one of Swift's pool threads, so blocking it while the work runs on the pool cannot starve the work.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let outcome = Outcome<T>()
    Task {
        do {
            outcome.result = .success(try await work())
        } catch {
            outcome.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// Where the task leaves its result. `@unchecked Sendable`: written once by the task before it signals the
/// semaphore, read only after the wait on that semaphore returns.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
