/// Claims that may say the same as a given claim (`GET /v1/claims/{id}/similar`, `verdict similar`): ranked by
/// ``ClaimSimilarity`` over words and numbers, never linked on their own; an editor decides (`verdict link`).
public struct SimilarClaims: Codable, Sendable, Equatable {
    /// A claim that may be suggested, with where it appears.
    public struct Candidate: Codable, Sendable, Equatable {
        public var claimId: String
        public var quote: String
        public var articleId: String
        public var articleTitle: String
        public var articleSource: String
        public var published: String?
        /// The claim it is already an appearance of, if any.
        public var linkedTo: String?
        /// The similarity to the claim asked about, 0 to 1 (0 in a list of candidates not yet scored).
        public var score: Double

        public init(
            claimId: String, quote: String, articleId: String, articleTitle: String, articleSource: String,
            published: String?, linkedTo: String?, score: Double = 0
        ) {
            self.claimId = claimId
            self.quote = quote
            self.articleId = articleId
            self.articleTitle = articleTitle
            self.articleSource = articleSource
            self.published = published
            self.linkedTo = linkedTo
            self.score = score
        }
    }

    public var claimId: String
    public var suggestions: [Candidate]

    public init(claimId: String, suggestions: [Candidate]) {
        self.claimId = claimId
        self.suggestions = suggestions
    }

    /// The candidates most like `quote`, best first: never the claim itself nor a claim already in its group
    /// (the same primary), at least ``ClaimSimilarity/defaultThreshold``, at most `limit`. The server and the
    /// client's offline copy rank with this one function.
    public static func rank(
        claimId: String, quote: String, linkedTo: String?, among candidates: [Candidate], limit: Int
    ) -> SimilarClaims {
        let group = linkedTo ?? claimId
        let eligible = candidates.filter { $0.claimId != claimId && ($0.linkedTo ?? $0.claimId) != group }
        let index = ClaimSimilarity.Index(eligible.map { (id: $0.claimId, text: $0.quote) })
        let byID = Dictionary(eligible.map { ($0.claimId, $0) }) { first, _ in first }
        let ranked = index.suggestions(for: quote, limit: limit, minimumScore: ClaimSimilarity.defaultThreshold)
        return SimilarClaims(
            claimId: claimId,
            suggestions: ranked.compactMap { suggestion in
                byID[suggestion.id].map {
                    var candidate = $0
                    candidate.score = suggestion.score
                    return candidate
                }
            })
    }
}
