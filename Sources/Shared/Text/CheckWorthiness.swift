import Foundation

/// Which sentences of an article are worth checking: the ones that assert figures, dated events, attributed facts
/// and comparisons, rather than set a scene, give an opinion or ask a question. Suggests what a reviewer might
/// mark next; it never marks anything itself.
public enum CheckWorthiness {
    /// A sentence of a text, by Unicode scalar offsets (as ``TextAnchor`` counts them), whitespace trimmed.
    public struct SentenceSpan: Sendable, Equatable {
        /// Offset of the first scalar.
        public let start: Int
        /// Offset just past the last scalar.
        public let end: Int
        /// The scalars `start..<end` of the text.
        public let text: String

        /// A span of `text` at `start..<end`.
        public init(start: Int, end: Int, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// A sentence suggested for marking as a claim.
    public struct Candidate: Sendable, Equatable, Codable {
        /// Offset of the first scalar.
        public let start: Int
        /// Offset just past the last scalar.
        public let end: Int
        /// The sentence.
        public let text: String
        /// Its ``CheckWorthiness/score(_:)``, in 0...1.
        public let score: Double
        /// Why it scores: short words such as `figure`, `date`, `attribution`, `comparison`, `named`.
        public let reasons: [String]

        /// A candidate sentence at `start..<end` with its score and reasons.
        public init(start: Int, end: Int, text: String, score: Double, reasons: [String]) {
            self.start = start
            self.end = end
            self.text = text
            self.score = score
            self.reasons = reasons
        }
    }

    /// The sentences of `text` (see ``SentenceSplitter``), in order.
    public static func sentences(of text: String) -> [SentenceSpan] {
        let scalars = Array(text.unicodeScalars)
        return SentenceSplitter.ranges(in: scalars).map { range in
            SentenceSpan(start: range.lowerBound, end: range.upperBound, text: TextAnchor.string(scalars[range]))
        }
    }

    /// How check-worthy `sentence` is, in 0...1.
    public static func score(_ sentence: String) -> Double {
        assess(sentence).score
    }

    /// The score of `sentence` and the reasons for it.
    public static func assess(_ sentence: String) -> (score: Double, reasons: [String]) {
        let features = CheckWorthinessFeatures(sentence)
        return (features.score, features.reasons)
    }

    /// The `limit` most check-worthy sentences of `text`, best first (then by position), leaving out any sentence
    /// that overlaps a range in `marked` (scalar offsets of claims already marked).
    public static func rank(_ text: String, excluding marked: [Range<Int>] = [], limit: Int = 5) -> [Candidate] {
        guard limit > 0 else { return [] }
        let candidates = sentences(of: text).filter { span in
            !marked.contains { $0.overlaps(span.start..<span.end) }
        }.map { span in
            let (score, reasons) = assess(span.text)
            return Candidate(start: span.start, end: span.end, text: span.text, score: score, reasons: reasons)
        }
        let ranked = candidates.sorted { $0.score != $1.score ? $0.score > $1.score : $0.start < $1.start }
        return Array(ranked.prefix(limit))
    }
}
