import VerdictShared

extension TextAnchor {
    /// The scalars `start..<end` of `text`, or nil when the range does not lie inside the text (what a test
    /// reads a claim's span with).
    public static func slice(_ text: String, start: Int, end: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard start >= 0, end <= scalars.count, start <= end else { return nil }
        return string(scalars[start..<end])
    }
}
