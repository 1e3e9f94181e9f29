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

    /// Streams the export to `output`, a piece at a time (at most one page's text in memory).
    public func write(from source: some ExportPageSource, to output: (String) async throws -> Void) async throws {
        try await output(encoder.header())
        var after: String?
        var first = true
        while true {
            let page = try await source.claims(afterArticle: after, limit: pageSize)
            guard let last = page.last else { break }
            after = last.article.id
            var text = ""
            for item in source.consensus.items(page, policy: encoder.policy) {
                if let encoded = try encoder.encode(item, first: first) {
                    text += encoded
                    first = false
                }
            }
            if !text.isEmpty { try await output(text) }
        }
        try await output(encoder.footer())
    }
}
