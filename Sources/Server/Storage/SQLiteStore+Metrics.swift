import Foundation

extension SQLiteStore {
    /// The database file and its write-ahead log (`-wal`), in bytes; a file that is not there counts 0.
    func storageBytes() async throws -> Int64? {
        [pool.path, pool.path + "-wal"].reduce(Int64(0)) { total, path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
