/// Some values for a SQL `IN (?, ?, ...)` list: a statement can bind only so many parameters (999 in
/// SQLite before 3.32), so a long list is read in chunks, one statement each. Shared by the server's store
/// and the client's workspace.
public struct InListChunk<Value> {
    /// The values, to bind in this order.
    public let values: [Value]

    /// `?,?,?`: one placeholder per value, for `IN (\(placeholders))`.
    public var placeholders: String {
        Array(repeating: "?", count: values.count).joined(separator: ",")
    }
}

extension Sequence {
    /// The elements in order, in chunks of at most `size`, each ready for an `IN (...)` list.
    public func inListChunks(of size: Int) -> [InListChunk<Element>] {
        let all = Array(self)
        return stride(from: 0, to: all.count, by: size).map {
            InListChunk(values: Array(all[$0..<Swift.min(all.count, $0 + size)]))
        }
    }
}
