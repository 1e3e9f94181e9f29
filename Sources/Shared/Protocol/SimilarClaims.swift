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

    /// Above this many candidates, only those sharing a word stem or a number with the quote are scored: building
    /// the index costs a tokenization of every candidate, seconds at 10^5 claims.
    public static let prefilterAbove = 2_000

    /// The candidates whose quote holds the start (5 letters) of one of the quote's longer words, or one of its
    /// numbers: a cheap substring test that keeps what can score, since a claim sharing neither shares no
    /// weighty term.
    static func prefiltered(_ candidates: [Candidate], like quote: String) -> [Candidate] {
        let lowered = quote.lowercased()
        var keys = Set(
            lowered.split { !$0.isLetter }.filter { $0.count >= 5 }.map { String($0.prefix(5)) })
        // Numbers without their thousands separators, so that "30,000" finds "30 000".
        for number in compactNumbers(lowered).split(whereSeparator: { !$0.isNumber }) { keys.insert(String(number)) }
        guard !keys.isEmpty else { return candidates }
        return candidates.filter { candidate in
            let text = candidate.quote.lowercased()
            let numbers = compactNumbers(text)
            return keys.contains { key in key.first?.isNumber == true ? numbers.contains(key) : text.contains(key) }
        }
    }

    /// The text with the separators inside numbers (comma, space, no-break spaces between digits) left out.
    static func compactNumbers(_ text: String) -> String {
        var out = ""
        var previous: Character = " "
        var pending: Character?
        for character in text {
            if let held = pending {
                pending = nil
                if !(previous.isNumber && character.isNumber) { out.append(held) }
            }
            if [",", " ", "\u{A0}", "\u{202F}"].contains(character), previous.isNumber {
                pending = character
                continue
            }
            out.append(character)
            previous = character
        }
        if let held = pending { out.append(held) }
        return out
    }

    /// The candidates most like `quote`, best first: never the claim itself nor a claim already in its group
    /// (the same primary), at least ``ClaimSimilarity/defaultThreshold``, at most `limit`. The server and the
    /// client's offline copy rank with this one function.
    public static func rank(
        claimId: String, quote: String, linkedTo: String?, among candidates: [Candidate], limit: Int
    ) -> SimilarClaims {
        let group = linkedTo ?? claimId
        var eligible = candidates.filter { $0.claimId != claimId && ($0.linkedTo ?? $0.claimId) != group }
        if eligible.count > prefilterAbove { eligible = prefiltered(eligible, like: quote) }
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
