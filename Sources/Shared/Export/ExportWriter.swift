/// Writes a whole export from a page source: the header, the items of every page in reading order, the
/// footer. The server and the client's offline export both write through it, so that the same state gives the
/// same bytes.
public struct ExportWriter: Sendable {
    public let encoder: ExportEncoder
    /// Claims read from the source per page (a page holds whole articles, so it may hold more).
    public var pageSize = 500

    public init(encoder: ExportEncoder) {
        self.encoder = encoder
    }

    /// What an export held: its claims by status, how many are published, and how many items the format wrote
    /// (ClaimReview leaves out claims that are not published).
    public struct Summary: Sendable, Equatable {
        public var claims: [Consensus.Status: Int] = [:]
        public var published = 0
        public var written = 0

        /// Why nothing was written, in words, or nil when something was.
        public var nothingWritten: String? {
            guard written == 0 else { return nil }
            let total = claims.values.reduce(0, +)
            guard total > 0 else { return "there are no active claims to export" }
            return "none of the \(total) claims is published (\(claims[.settled] ?? 0) settled, "
                + "\(claims[.disputed] ?? 0) disputed, \(claims[.needsReview] ?? 0) need more verdicts)"
        }
    }

    /// Streams the export to `output`, a piece at a time (at most one page's text and the next page's claims in
    /// memory). The next page is read while this one is encoded and written, so that the source's reads and
    /// the encoding run side by side.
    @discardableResult
    public func write<Source: ExportPageSource>(
        from source: Source, to output: (String) async throws -> Void
    ) async throws
        -> Summary
    {
        var summary = Summary()
        let pageSize = self.pageSize
        func read(after article: String?) -> Task<[ExportClaim], any Error> {
            Task { try await source.claims(afterArticle: article, limit: pageSize) }
        }
        var next = read(after: nil)
        // When a write fails (the client went away), the page read ahead is told to stop; its result is dropped.
        defer { next.cancel() }
        try await output(encoder.header())
        let consensus = try await source.consensus()
        var first = true
        while true {
            let page = try await next.value
            guard let last = page.last else { break }
            next = read(after: last.article.id)
            var text = ""
            for item in consensus.items(page, policy: encoder.policy) {
                summary.claims[item.status, default: 0] += 1
                if item.published != nil { summary.published += 1 }
                if let encoded = try encoder.encode(item, first: first) {
                    text += encoded
                    first = false
                    summary.written += 1
                }
            }
            if !text.isEmpty { try await output(text) }
        }
        try await output(encoder.footer())
        return summary
    }
}
