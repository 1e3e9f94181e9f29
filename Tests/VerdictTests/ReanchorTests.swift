import Testing
import VerdictShared

/// The re-anchoring policy on a table of corrections, one claim each.
@Suite struct ReanchorTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let before: String
        let quote: String
        /// Which appearance of the quote in `before` the claim marks (from 1).
        var occurrence = 1
        let after: String
        /// Where the claim should go: the appearance of the quote in `after` (from 1), or nil for orphaned.
        let expected: Int?
        let moved: Bool

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a word changed after the quote keeps it in place",
            before: "The mayor said 40 buses run. Later, more.", quote: "40 buses run",
            after: "The mayor said 40 buses run. Later, fewer.", expected: 1, moved: false),
        Case(
            name: "a word changed inside the quote orphans it",
            before: "The mayor said 40 buses run daily.", quote: "40 buses run",
            after: "The mayor said 45 buses run daily.", expected: nil, moved: false),
        Case(
            name: "the sentence moved to the end",
            before: "Fares rose by 5%. Trains were late. Buses ran.", quote: "Fares rose by 5%.",
            after: "Trains were late. Buses ran. Fares rose by 5%.", expected: 1, moved: true),
        Case(
            name: "a duplicate added after the quote leaves the offsets holding it",
            before: "Fares rose by 5%. Trains were late.", quote: "Fares rose by 5%",
            after: "Fares rose by 5%. Trains were late. Fares rose by 5%, again.", expected: 1, moved: false),
        Case(
            name: "text added before, and the quote duplicated: the copy whose context matches",
            before: "In March, fares rose by 5% for all riders.", quote: "fares rose by 5%",
            after: "Last year, fares rose by 5% too. In March, fares rose by 5% for all riders.", expected: 2,
            moved: true),
        Case(
            name: "the second of two identical quotes, with only their distance to tell them apart after a shift",
            before: "Yes. Yes.", quote: "Yes.", occurrence: 2, after: "Oh. Yes. Yes.", expected: 2, moved: true),
        Case(
            name: "the text around it rewritten, the quote unique",
            before: "Officials said the line closes on May 1 for repairs.", quote: "the line closes on May 1",
            after: "According to a memo, the line closes on May 1, a week early.", expected: 1, moved: true),
        Case(
            name: "a name changed at the quote, the old sentence still found once elsewhere",
            before: "Smith said the depot will close. Later: Smith said the depot will close.",
            quote: "Smith said the depot will close", occurrence: 1,
            after: "Smyth said the depot will close. Later: Smith said the depot will close.", expected: 1,
            moved: true),
        Case(
            name: "an emoji and a combining mark added before the quote shift it by scalars",
            before: "Cafe owners said 12 shops closed.", quote: "12 shops closed",
            after: TextAnchor.normalize("Cafe\u{0301} owners 🥶 said 12 shops closed."), expected: 1, moved: true),
        Case(
            name: "the quote deleted orphans it",
            before: "Trains were late. Fares rose by 5%.", quote: "Fares rose by 5%.",
            after: "Trains were late.", expected: nil, moved: false),
    ]

    @Test(arguments: cases)
    func aCorrectionPlacesTheClaimByItsExactQuote(_ correction: Case) throws {
        let before = Array(correction.before.unicodeScalars)
        let start = try #require(
            TextAnchor.occurrences(of: correction.quote, in: correction.before).dropFirst(correction.occurrence - 1)
                .first)
        let context = TextAnchor.context(of: before, start: start, end: start + TextAnchor.length(correction.quote))
        let placement = Reanchor.place(
            quote: correction.quote, start: start, prefix: context.prefix, suffix: context.suffix,
            in: Array(correction.after.unicodeScalars))
        guard let expected = correction.expected else {
            #expect(placement == .orphaned)
            return
        }
        let target = TextAnchor.occurrences(of: correction.quote, in: correction.after)[expected - 1]
        let end = target + TextAnchor.length(correction.quote)
        #expect(placement == (correction.moved ? .moved(start: target, end: end) : .exact(start: target, end: end)))
    }

    @Test func aPlaceAnotherClaimTookIsNotFree() {
        let text = Array("Yes. No.".unicodeScalars)
        let placement = Reanchor.place(quote: "Yes.", start: 6, prefix: "", suffix: "", in: text) { start, _ in
            start != 0
        }
        #expect(placement == .orphaned, "the only place holding the quote is another claim's")
        #expect(Reanchor.place(quote: "", start: 0, prefix: "", suffix: "", in: text) == .orphaned)
    }
}
