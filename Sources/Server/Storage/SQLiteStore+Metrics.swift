import Foundation

extension SQLiteStore {
    /// Runs `write` (one `pool.write`: the wait for the writer, then the transaction) and times it into the store's
    /// metrics, when it has them. A failed write is timed too.
    func timingWrite<T>(_ write: () async throws -> T) async throws -> T {
        guard let metrics else { return try await write() }
        let start = ContinuousClock.now
        defer { metrics.recordWriteTransaction(start.duration(to: .now)) }
        return try await write()
    }

    /// The database file and its write-ahead log (`-wal`), in bytes; a file that is not there counts 0.
    func storageBytes() async throws -> Int64? {
        [pool.path, pool.path + "-wal"].reduce(Int64(0)) { total, path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
