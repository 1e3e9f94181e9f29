import Foundation
import Testing

@testable import VerdictShared

/// Claim similarity and check-worthiness: unit behaviour, and the evaluation on the labeled sets in
/// `Samples/suggestions` (figures printed; floors a little below what was measured).
@Suite struct SuggestionTests {
    // MARK: Claim similarity

    @Test func numberFormatsMatch() {
        for variant in ["30 000 households lost heating", "30000 households lost heating"] {
            #expect(ClaimSimilarity.score("30,000 households lost heating", variant) == 1)
        }
        #expect(ClaimSimilarity.score("two missiles and a dozen drones", "2 missiles and 12 drones") == 1)
        // The same terms; only the trigrams of `euro` and `euros` differ.
        #expect(ClaimSimilarity.score("the EU pledged €150 million", "the EU pledged 150m euros") > 0.9)
    }

    @Test func minusSignsMatch() {
        let forms = ["Kyiv fell to −26 °C", "Kyiv fell to -26 °C", "Kyiv fell to –26°C", "Kyiv fell to −26C"]
        for form in forms { #expect(ClaimSimilarity.score(forms[0], form) == 1, "\(form)") }
        // The same terms; only the trigrams of `degrees` and `C` differ.
        #expect(ClaimSimilarity.score(forms[0], "Kyiv fell to minus 26 degrees") > 0.85)
        #expect(ClaimSimilarity.score("Kyiv fell to −26 °C", "Kyiv fell to 26 °C") < 0.7)
        // A range is not a negative number.
        #expect(ClaimSimilarity.score("attacks on January 23–24", "attacks on January 23 and 24") == 1)
    }

    @Test func typographyCaseDiacriticsAndStems() {
        #expect(ClaimSimilarity.score("Trump’s “request”", "TRUMP'S REQUEST") == 1)
        #expect(ClaimSimilarity.score("Tomáš Kovář said", "Tomas Kovar said") == 1)
        #expect(ClaimSimilarity.score("the drones struck refineries", "a drone striking the refinery") > 0.6)
        #expect(ClaimSimilarity.score("the pause lapsed", "the pauses lapsing") > 0.85)
    }

    @Test func contradictingNumbersScoreBelowParaphrase() {
        let claim = "Russia launched 111 drones and one ballistic missile overnight into January 30"
        let paraphrase = "Overnight into 30 January, Russia sent 111 drones and one ballistic missile"
        let contradiction = "Russia launched 104 drones and two ballistic missiles overnight into January 30"
        #expect(ClaimSimilarity.score(claim, paraphrase) > ClaimSimilarity.score(claim, contradiction) + 0.2)
        let ends = "the pause ends on February 1"
        #expect(
            ClaimSimilarity.score(ends, "the pause ended on Feb. 1")
                > ClaimSimilarity.score(ends, "the pause ends on February 5"))
    }

    @Test func scoresStayInRange() {
        let texts = ["", "   ", "—", "the", "Kyiv", "111", "Kyiv Kyiv Kyiv 1 1 1", "🥶🥶", "a b c d e"]
        for a in texts {
            for b in texts {
                let score = ClaimSimilarity.score(a, b)
                #expect((0...1).contains(score), "\(a) / \(b)")
                #expect(score == ClaimSimilarity.score(b, a))
            }
        }
    }

    @Test func indexRanksByScoreThenIdAndExcludes() {
        let claims = [
            (id: "b", text: "Russia launched 450 drones overnight"),
            (id: "a", text: "Russia launched 450 drones overnight"),
            (id: "c", text: "Schools switched to remote lessons"),
        ]
        let index = ClaimSimilarity.Index(claims)
        let found = index.suggestions(for: "Russia launched 450 drones overnight", minimumScore: 0.1)
        #expect(found.map(\.id) == ["a", "b"])
        #expect(found[0].score == found[1].score)
        #expect(
            index.suggestions(for: "Russia launched 450 drones overnight", minimumScore: 0.1, excluding: ["a"]).map(
                \.id) == ["b"])
        #expect(index.suggestions(for: "Russia launched 450 drones overnight", limit: 1, minimumScore: 0.1).count == 1)
        #expect(index.suggestions(for: "anything", limit: 0, minimumScore: 0).isEmpty)
        #expect(ClaimSimilarity.Index([]).suggestions(for: "Russia", minimumScore: 0).isEmpty)
    }

    @Test func indexIsDeterministic() throws {
        let claims = try Self.similarClaims()
        let pairs = claims.map { (id: $0.id, text: $0.text) }
        let first = ClaimSimilarity.Index(pairs)
        let second = ClaimSimilarity.Index(pairs.reversed())
        for claim in claims.prefix(20) {
            #expect(first.suggestions(for: claim.text) == second.suggestions(for: claim.text))
        }
    }

    @Test func similarityEvaluation() throws {
        let claims = try Self.similarClaims()
        let index = ClaimSimilarity.Index(claims.map { (id: $0.id, text: $0.text) })
        let group = Dictionary(uniqueKeysWithValues: claims.map { ($0.id, $0.group) })
        var (correct, suggested, found, pairs) = (0, 0, 0, 0)
        for claim in claims {
            let suggestions = index.suggestions(for: claim.text, limit: 5, excluding: [claim.id])
            let right = suggestions.filter { group[$0.id] == claim.group }.count
            suggested += suggestions.count
            correct += right
            found += right
            pairs += claims.filter { $0.id != claim.id && $0.group == claim.group }.count
        }
        let precision = Double(correct) / Double(max(suggested, 1))
        let recall = Double(found) / Double(max(pairs, 1))
        print(
            "claim similarity at \(ClaimSimilarity.defaultThreshold): precision \(precision) (\(correct)/\(suggested)),"
                + " recall \(recall) (\(found)/\(pairs)) over \(claims.count) claims")
        #expect(precision >= 0.82)
        #expect(recall >= 0.72)
    }

    @Test func similarityTiming() throws {
        let texts = try Self.similarClaims().map(\.text)
        let index = ClaimSimilarity.Index(texts.enumerated().map { (id: "\($0.offset)", text: $0.element) })
        let clock = ContinuousClock()
        var total = 0.0
        let pairwise = clock.measure {
            for pair in 0..<10_000 {
                total += ClaimSimilarity.score(texts[pair % texts.count], texts[pair / texts.count % texts.count])
            }
        }
        var count = 0
        let queries = clock.measure {
            for round in 0..<106 { count += index.suggestions(for: texts[round % texts.count], minimumScore: 0).count }
        }
        // 106 queries against 95 claims: about 10,000 comparisons with each query tokenized once.
        print("10,000 score(_:_:) calls (both texts tokenized each time): \(pairwise); 106 index queries: \(queries)")
        #expect(total > 0 && count > 0)
    }

    // MARK: Check-worthiness

    @Test func spansAreScalarOffsetsThatSliceBack() {
        let text = "Day 4 with no heat 🥶 in Kyiv. Café owner Jürgen said 9 °C inside.\n\nZelenskyy (Зеленський) spoke."
        let spans = CheckWorthiness.sentences(of: text)
        let scalars = Array(text.unicodeScalars)
        #expect(spans.count == 3)
        for span in spans { #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text) }
        #expect(
            spans.map(\.text) == [
                "Day 4 with no heat 🥶 in Kyiv.", "Café owner Jürgen said 9 °C inside.", "Zelenskyy (Зеленський) spoke.",
            ])
        // The emoji is one scalar (two UTF-16 units): the second sentence starts at scalar 30.
        #expect(spans[1].start == 30)
    }

    @Test func combiningMarksCountAsScalars() {
        let text = "Cafe\u{301} prices rose 5%. Jurgen said so."
        let spans = CheckWorthiness.sentences(of: text)
        #expect(spans.count == 2)
        #expect(spans[0].end == 21)
        #expect(spans[1].start == 22)
        #expect(spans[0].text == "Cafe\u{301} prices rose 5%.")
    }

    @Test func noSplitAtAbbreviationsDecimalsOrInsideQuotes() {
        let text = """
            U.S. President Donald Trump met Dr. Ana Ruiz on Jan. 30 at St. Mary’s. The river rose 1.5 metres, \
            e.g. in Dresden. “It is cold. We are tired,” she said. Really? Yes!
            """
        #expect(
            CheckWorthiness.sentences(of: text).map(\.text) == [
                "U.S. President Donald Trump met Dr. Ana Ruiz on Jan. 30 at St. Mary’s.",
                "The river rose 1.5 metres, e.g. in Dresden.", "“It is cold. We are tired,” she said.", "Really?",
                "Yes!",
            ])
    }

    @Test func linesListsAndHeadingsStandAlone() {
        let text = "## Heat cut\n\nEnergy was hit in two cities:\n\n- Kyiv\n- Odesa\n  \nThe end"
        #expect(
            CheckWorthiness.sentences(of: text).map(\.text) == [
                "Heat cut", "Energy was hit in two cities:", "Kyiv", "Odesa", "The end",
            ])
        #expect(CheckWorthiness.sentences(of: "").isEmpty)
        #expect(CheckWorthiness.sentences(of: " \n\n ").isEmpty)
    }

    @Test func questionsOpinionsAndShortSentencesScoreLow() {
        let fact = "Russia fired 390 drones and 71 missiles overnight into February 3, the air force said."
        #expect(CheckWorthiness.score(fact) > 0.6)
        for weak in [
            "Could the dikes hold?", "Did Russia fire 390 drones and 71 missiles overnight into February 3?",
            "I think the government has been far too timid.", "We must stop pretending power will be cheap.",
            "Analysts remain skeptical.", "“We are tired and scared,” she said.",
        ] {
            #expect(CheckWorthiness.score(weak) < 0.3, "\(weak)")
        }
        #expect(CheckWorthiness.score("") < 0.1)
    }

    @Test func reasonsNameTheFeatures() {
        let ranked = CheckWorthiness.rank(
            "The EU pledged €150 million on Monday, more than Kyiv asked for, officials said.")
        #expect(ranked.first?.reasons == ["figure", "date", "attribution", "comparison", "named"])
    }

    @Test func markedRangesAreExcluded() throws {
        let text =
            "Russia fired 390 drones on February 3, officials said. It was cold. Kyiv saw −22 °C on Tuesday, forecasters said."
        let all = CheckWorthiness.rank(text, limit: 5)
        #expect(all.count == 3)
        let first = try #require(all.first { $0.text.hasPrefix("Russia") })
        // A mark inside the first sentence hides it; a mark ending where a sentence starts does not.
        let remaining = CheckWorthiness.rank(
            text, excluding: [(first.start + 7)..<(first.start + 12), 0..<0], limit: 5)
        #expect(!remaining.contains { $0.start == first.start })
        #expect(remaining.count == 2)
        let touching = CheckWorthiness.rank(text, excluding: [0..<first.start], limit: 5)
        #expect(touching.count == 3)
        #expect(CheckWorthiness.rank(text, limit: 0).isEmpty)
    }

    @Test func rankingIsDeterministic() throws {
        let text = try Self.articleBody(Self.corpus.appendingPathComponent("04-450-drones-65-missiles.md"))
        let ranked = CheckWorthiness.rank(text, limit: 50)
        #expect(ranked == CheckWorthiness.rank(text, limit: 50))
        for (earlier, later) in zip(ranked, ranked.dropFirst()) {
            #expect(earlier.score > later.score || (earlier.score == later.score && earlier.start < later.start))
        }
    }

    @Test func checkWorthinessEvaluation() throws {
        let articles = try JSONDecoder().decode(
            CheckWorthyFile.self, from: Data(contentsOf: Self.suggestions.appendingPathComponent("check-worthy.json"))
        ).articles
        var total = 0.0
        for article in articles {
            let text = try article.text ?? Self.articleBody(Self.corpus.appendingPathComponent(article.file))
            let sentences = Set(CheckWorthiness.sentences(of: text).map(\.text))
            for sentence in article.worthy { #expect(sentences.contains(sentence), "not a sentence: \(sentence)") }
            let top = CheckWorthiness.rank(text, limit: 5)
            let precision = Double(top.filter { article.worthy.contains($0.text) }.count) / Double(max(top.count, 1))
            print("check-worthiness P@5 \(article.file): \(precision)")
            total += precision
        }
        let mean = total / Double(articles.count)
        print("check-worthiness mean P@5 over \(articles.count) articles: \(mean)")
        #expect(mean >= 0.88)
    }

    /// On a large desk only candidates sharing a word stem or a number are scored: on the labeled set, with
    /// thousands of unrelated claims around, the suggestions are the ones the full ranking gives.
    @Test func thePrefilterOfLargeDesksKeepsEverySuggestion() throws {
        let labeled = try Self.similarClaims()
        var candidates = labeled.map {
            SimilarClaims.Candidate(
                claimId: $0.id, quote: $0.text, articleId: "a", articleTitle: "", articleSource: "", published: nil,
                linkedTo: nil)
        }
        // Unrelated filler: none of the labeled claims' words or numbers.
        for index in 0..<(SimilarClaims.prefilterAbove + 100) {
            candidates.append(
                SimilarClaims.Candidate(
                    claimId: "z\(index)", quote: "an ox ran by a red cow", articleId: "b",
                    articleTitle: "", articleSource: "", published: nil, linkedTo: nil))
        }
        for claim in labeled {
            let kept = Set(SimilarClaims.prefiltered(candidates, like: claim.text).map(\.claimId))
            let index = ClaimSimilarity.Index(labeled.map { (id: $0.id, text: $0.text) })
            for suggestion in index.suggestions(for: claim.text, limit: 5, excluding: [claim.id]) {
                #expect(kept.contains(suggestion.id), "\(claim.id) loses \(suggestion.id)")
            }
            let keepsFiller = kept.contains("z0")
            #expect(!keepsFiller, "\(claim.id) keeps the filler")
        }
        #expect(SimilarClaims.compactNumbers("30,000 and 30 000 and 1.5") == "30000 and 30000 and 1.5")
    }

    // MARK: Labeled data

    struct LabeledClaim: Decodable {
        let id: String
        let text: String
        let group: String
    }

    struct SimilarClaimsFile: Decodable { let claims: [LabeledClaim] }

    struct CheckWorthyArticle: Decodable {
        let file: String
        let text: String?
        let worthy: [String]
    }

    struct CheckWorthyFile: Decodable { let articles: [CheckWorthyArticle] }

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples").standardized
    static let suggestions = samples.appendingPathComponent("suggestions")
    static let corpus = samples.appendingPathComponent("corpus")

    static func similarClaims() throws -> [LabeledClaim] {
        let data = try Data(contentsOf: suggestions.appendingPathComponent("similar-claims.json"))
        return try JSONDecoder().decode(SimilarClaimsFile.self, from: data).claims
    }

    /// An article's body as the importer sees it: `.json` its `body`; `.md` after the front matter; `.txt` after
    /// the title and its `Source:`/`URL:`/`Published:` lines. NFC, LF line ends, outer blank lines trimmed.
    static func articleBody(_ url: URL) throws -> String {
        let raw = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
            .precomposedStringWithCanonicalMapping
        var lines = raw.components(separatedBy: "\n")
        switch url.pathExtension {
        case "json":
            let object = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any]
            return try #require(object?["body"] as? String)
        case "md":
            if lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") {
                lines.removeSubrange(0...close)
            }
        default:
            lines.removeFirst()
            while let line = lines.first, ["Source:", "URL:", "Published:"].contains(where: line.hasPrefix) {
                lines.removeFirst()
            }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
