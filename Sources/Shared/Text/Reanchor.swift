/// How a claim is anchored in its article's text.
public enum ClaimAnchoring: String, Codable, Sendable, CaseIterable {
    /// Where it was marked, or kept at the same offsets by a correction that left the quote there.
    case exact
    /// Moved by a correction (or re-attached by an editor) to another place holding its exact quote: the
    /// reviewers who rated it before deserve a second look.
    case moved
    /// A correction left its quote nowhere it could be placed: it keeps its verdicts and its last anchor (on an
    /// older revision) until an editor re-attaches it to a new quote or withdraws it.
    case orphaned
}

/// Re-anchoring a claim when its article's text is corrected, by exact quote only (never a fuzzy match, which is
/// how other annotation tools attach notes to the wrong place):
/// 1. the old offsets still hold the exact quote in the new text: keep them;
/// 2. else, the quote occurs exactly once in the new text: move there;
/// 3. else, it occurs several times: the occurrence whose surrounding text matches the claim's stored prefix and
///    suffix best (the most matching scalars next to the quote), then the one nearest the old position, then
///    the first;
/// 4. else the claim is orphaned.
/// A place another claim already took is not free: the claim takes the next best one, or is orphaned. (When
/// claims compete for places, the caller lets the surest go first: see ``contextScore(quote:prefix:suffix:at:in:)``.)
public enum Reanchor {
    /// Where the claim goes.
    public enum Placement: Sendable, Equatable {
        case exact(start: Int, end: Int)
        case moved(start: Int, end: Int)
        case orphaned
    }

    /// The claim's place in `text` (the corrected body, as scalars) by the policy above. `start`, `prefix` and
    /// `suffix` are the claim's anchor in the text before the correction; `isFree(start, end)` says whether no
    /// other claim holds that span already.
    public static func place(
        quote: String, start: Int, prefix: String, suffix: String, in text: [Unicode.Scalar],
        isFree: (Int, Int) -> Bool = { _, _ in true }
    ) -> Placement {
        let needle = Array(quote.unicodeScalars)
        guard !needle.isEmpty else { return .orphaned }
        let end = start + needle.count
        if start >= 0, end <= text.count, text[start..<end].elementsEqual(needle), isFree(start, end) {
            return .exact(start: start, end: end)
        }
        let candidates = TextAnchor.occurrences(of: needle, in: text).filter { isFree($0, $0 + needle.count) }
        guard !candidates.isEmpty else { return .orphaned }
        if candidates.count == 1 { return .moved(start: candidates[0], end: candidates[0] + needle.count) }
        func score(_ candidate: Int) -> Int {
            contextScore(quote: needle.count, prefix: prefix, suffix: suffix, at: candidate, in: text)
        }
        let best = candidates.min { a, b in
            let (scoreA, scoreB) = (score(a), score(b))
            if scoreA != scoreB { return scoreA > scoreB }
            let (distanceA, distanceB) = (abs(a - start), abs(b - start))
            if distanceA != distanceB { return distanceA < distanceB }
            return a < b
        }!
        return .moved(start: best, end: best + needle.count)
    }

    /// How many scalars of the claim's stored prefix and suffix match the text next to a quote of `quote`
    /// scalars at `start`: more means surer.
    public static func contextScore(
        quote: Int, prefix: String, suffix: String, at start: Int, in text: [Unicode.Scalar]
    ) -> Int {
        let before = Array(prefix.unicodeScalars)
        let after = Array(suffix.unicodeScalars)
        var matched = 0
        while matched < before.count, start - matched - 1 >= 0,
            text[start - matched - 1] == before[before.count - matched - 1]
        {
            matched += 1
        }
        var following = 0
        let tail = start + quote
        while following < after.count, tail + following < text.count, text[tail + following] == after[following] {
            following += 1
        }
        return matched + following
    }
}
