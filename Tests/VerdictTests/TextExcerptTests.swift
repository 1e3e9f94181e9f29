import Testing
import VerdictShared

/// A claim shown in its context: its paragraph, or what fits, cut at words.
@Suite struct TextExcerptTests {
    static let text = """
        First paragraph, about nothing.

        The mayor said 40 buses run daily, and 12 more on weekends, according to the city's own figures.

        Last paragraph.
        """

    func excerpt(_ quote: String, budget: Int, in text: String = Self.text) throws -> TextExcerpt {
        let start = try #require(TextAnchor.occurrences(of: quote, in: text).first)
        return TextExcerpt(of: text, start: start, end: start + TextAnchor.length(quote), budget: budget)
    }

    @Test func aParagraphThatFitsIsShownWholeWithoutEllipses() throws {
        let shown = try excerpt("40 buses run daily", budget: 500)
        #expect(shown.before == "The mayor said " && shown.quote == "40 buses run daily")
        #expect(shown.after == ", and 12 more on weekends, according to the city's own figures.")
        #expect(!shown.cutBefore && !shown.cutAfter)
    }

    @Test func aLongParagraphIsCutAtWordsAroundTheQuote() throws {
        let shown = try excerpt("12 more", budget: 40)
        #expect(shown.cutBefore && shown.cutAfter)
        #expect(TextAnchor.length(shown.before + shown.quote + shown.after) <= 40)
        #expect(shown.before.first != " " && shown.before.last == " ", "starts on a word: \(shown)")
        #expect(shown.after.first == " " && shown.after.last != " ", "ends on a word: \(shown)")
        let paragraph =
            "The mayor said 40 buses run daily, and 12 more on weekends, according to the city's own figures."
        #expect(paragraph.contains(shown.before + shown.quote + shown.after))
    }

    @Test func theStartOfTheTextHasNoLeadingEllipsis() throws {
        let shown = try excerpt("First paragraph", budget: 20)
        #expect(!shown.cutBefore && shown.before.isEmpty)
        #expect(shown.cutAfter)
    }

    @Test func aQuoteLongerThanTheRoomIsWholeAndAlone() throws {
        let quote = "40 buses run daily, and 12 more on weekends"
        let shown = try excerpt(quote, budget: 10)
        #expect(shown.quote == quote && shown.before.isEmpty && shown.after.isEmpty)
        #expect(shown.cutBefore && shown.cutAfter)
    }

    @Test func emojiAndCombiningMarksCountAsScalars() throws {
        let text = TextAnchor.normalize("Cafe\u{301} 🥶 owners said 12 shops closed.")
        let shown = try excerpt("12 shops", budget: 200, in: text)
        #expect(shown.before == "Café 🥶 owners said " && shown.after == " closed.")
    }
}
