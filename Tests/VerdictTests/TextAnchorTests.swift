import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@Suite struct TextAnchorTests {
    @Test func normalizesToNFCAndLineFeeds() {
        let decomposed = "Cafe\u{301}\r\nline two\rthree"
        #expect(TextAnchor.normalize(decomposed) == "Caf\u{E9}\nline two\nthree")
    }

    @Test func offsetsCountUnicodeScalarsNotUTF16() throws {
        let text = "A 🥶 cold −24 °C day"
        // 🥶 is one scalar but two UTF-16 units: "cold" starts at scalar 4, UTF-16 unit 5.
        #expect(TextAnchor.occurrences(of: "cold", in: text) == [4])
        #expect(TextAnchor.slice(text, start: 4, end: 8) == "cold")
        #expect(TextAnchor.slice(text, start: 9, end: 16) == "−24 °C ")
        #expect(TextAnchor.length(text) == 19)
    }

    @Test func sliceRejectsRangesOutsideTheText() {
        #expect(TextAnchor.slice("abc", start: 2, end: 4) == nil)
        #expect(TextAnchor.slice("abc", start: -1, end: 1) == nil)
        #expect(TextAnchor.slice("abc", start: 2, end: 1) == nil)
        #expect(TextAnchor.slice("abc", start: 3, end: 3) == "")
    }

    @Test func findsEveryOccurrenceInOrder() {
        #expect(TextAnchor.occurrences(of: "aa", in: "aaaa") == [0, 1, 2])
        #expect(TextAnchor.occurrences(of: "x", in: "abc").isEmpty)
        #expect(TextAnchor.occurrences(of: "", in: "abc").isEmpty)
    }

    @Test func contextIsClampedToTheText() {
        let text = String(repeating: "a", count: 40) + "QUOTE" + "bb"
        let context = TextAnchor.context(of: text, start: 40, end: 45)
        #expect(context.prefix == String(repeating: "a", count: TextAnchor.contextLength))
        #expect(context.suffix == "bb")
    }

    @Test func scaleRatingsAndValidation() {
        let scale = VerdictScale.standard
        #expect(scale.rating(of: "true") == 5)
        #expect(scale.rating(of: "false") == 1)
        #expect(scale.rating(of: "unverifiable") == nil)
        #expect(scale.problems().isEmpty)
        let broken = VerdictScale(labels: [
            ScaleLabel(id: "Bad Id", name: "x", ordinal: true),
            ScaleLabel(id: "other", name: "Other", ordinal: false),
            ScaleLabel(id: "late", name: "Late", ordinal: true),
            ScaleLabel(id: "late", name: "", ordinal: true),
        ])
        let problems = broken.problems().joined(separator: "\n")
        #expect(problems.contains("'Bad Id'"))
        #expect(problems.contains("appears twice"))
        #expect(problems.contains("empty name"))
        #expect(problems.contains("before non-ordinal"))
    }

    @Test func timestampsAreFixedWidthUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_769_904_000.5)) == "2026-02-01T00:00:00.500Z")
    }

    @Test(arguments: [UInt64(7), 99])
    func linearSearchAgreesWithANaiveOne(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        for _ in 0..<300 {
            let alphabet: [Unicode.Scalar] = ["a", "b", "🥶"]
            let text = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let quote = (0..<Int.random(in: 1..<4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var naive: [Int] = []
            if quote.count <= text.count {
                for start in 0...(text.count - quote.count)
                where text[start..<(start + quote.count)].elementsEqual(quote) {
                    naive.append(start)
                }
            }
            #expect(TextAnchor.occurrences(of: quote, in: text) == naive)
            #expect(TextAnchor.occurrences(of: quote, in: text, limit: 1) == Array(naive.prefix(1)))
        }
    }
}
