/// A claim in its context, for a reader: the paragraph that holds it, or as much of it as fits, cut at word
/// boundaries.
public struct TextExcerpt: Sendable, Equatable {
    public var before: String
    public var quote: String
    public var after: String
    /// Text was left out before `before` (a reader shows an ellipsis there), or after `after`.
    public var cutBefore: Bool
    public var cutAfter: Bool

    /// The excerpt of `text` around the scalars `start..<end`, at most about `budget` scalars long (the quote is
    /// always whole): the quote's paragraph when it fits, else the text nearest the quote on both sides, cut at
    /// spaces. Line breaks inside the paragraph are kept.
    public init(of text: String, start: Int, end: Int, budget: Int) {
        let scalars = Array(text.unicodeScalars)
        let lower = max(0, min(start, scalars.count))
        let upper = max(lower, min(end, scalars.count))
        // The paragraph: from after the blank line before the quote to the blank line after it.
        var first = lower
        while first > 0 && !(scalars[first - 1] == "\n" && first >= 2 && scalars[first - 2] == "\n") { first -= 1 }
        var last = upper
        while last < scalars.count && !(scalars[last] == "\n" && last + 1 < scalars.count && scalars[last + 1] == "\n")
        {
            last += 1
        }
        while first < lower && scalars[first].properties.isWhitespace { first += 1 }
        while last > upper && scalars[last - 1].properties.isWhitespace { last -= 1 }
        let room = max(0, budget - (upper - lower))
        var from = first
        var to = last
        if (lower - first) + (last - upper) > room {
            // Share the room, giving one side's unused part to the other.
            let half = room / 2
            let beforeRoom = min(lower - first, max(half, room - (last - upper)))
            let afterRoom = min(last - upper, room - beforeRoom)
            from = lower - beforeRoom
            to = upper + afterRoom
            // Cut at word boundaries: drop the partial word at each cut end.
            if from > first {
                while from < lower && !scalars[from - 1].properties.isWhitespace { from += 1 }
            }
            if to < last {
                while to > upper && !scalars[to].properties.isWhitespace { to -= 1 }
            }
        }
        before = TextAnchor.string(scalars[from..<lower])
        quote = TextAnchor.string(scalars[lower..<upper])
        after = TextAnchor.string(scalars[upper..<to])
        cutBefore = from > first
        cutAfter = to < last
    }
}
