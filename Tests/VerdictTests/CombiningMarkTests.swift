import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

/// Runs of combining marks made normalization quadratic: 500,000 alternating marks took minutes inside the write
/// transaction, holding up every writer. The server now refuses runs longer than Unicode's stream-safe limit before
/// normalizing anything, and `TextAnchor.normalize` breaks such runs up, so its time is linear whatever the text.
@Suite struct CombiningMarkTests {
    /// U+0301 (class 230) and U+0323 (class 220) alternating: the worst case for canonical reordering.
    static func alternatingMarks(_ count: Int) -> String {
        var marks = String.UnicodeScalarView()
        for index in 0..<count { marks.append(index.isMultiple(of: 2) ? "\u{0301}" : "\u{0323}") }
        return String(marks)
    }

    @Test(.timeLimit(.minutes(1))) func normalizationStaysLinearOnHostileRuns() {
        let hostile = "x" + Self.alternatingMarks(500_000) + " b"
        let normalized = TextAnchor.normalize(hostile)
        #expect(TextAnchor.longestCombiningRun(in: normalized) <= TextAnchor.combiningRunLimit)
        let joiners = normalized.unicodeScalars.filter { $0 == "\u{034F}" }.count
        #expect(joiners == 500_000 / TextAnchor.combiningRunLimit)
        #expect(normalized.unicodeScalars.count == hostile.unicodeScalars.count + joiners)
        #expect(normalized.hasSuffix(" b"))
    }

    @Test func runsCountTheMarksOfTheDecomposedText() {
        #expect(TextAnchor.longestCombiningRun(in: "plain text, caf\u{E9}") == 0)
        #expect(TextAnchor.longestCombiningRun(in: "e\u{0301}\u{0323} o\u{0308}") == 2)
        // U+0F73 and U+0344 each decompose to two combining marks.
        #expect(TextAnchor.longestCombiningRun(in: "\u{0F40}\u{0F73}\u{0F73}\u{0F71}") == 5)
        #expect(TextAnchor.longestCombiningRun(in: "\u{03B9}\u{0344}\u{0323}") == 3)
        #expect(TextAnchor.longestCombiningRun(in: "a" + Self.alternatingMarks(100), stoppingAbove: 30) == 31)
        // A run of exactly the limit is left alone (and reordered as NFC does).
        let thirty = "x" + Self.alternatingMarks(30)
        let reordered = Array(TextAnchor.normalize(thirty).unicodeScalars)
        #expect(reordered == Array(thirty.precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(reordered[1] == "\u{0323}" && reordered.count == 31)
    }

    @Test func theServerRefusesOverlongRunsBeforeNormalizing() throws {
        #expect(throws: MutationRules.Rejection.self) {
            try Validation.normalized("a" + Self.alternatingMarks(31), field: "title", max: 1_000)
        }
        let accepted = try Validation.normalized("Se\u{0301}ance x" + Self.alternatingMarks(30), field: "t", max: 100)
        #expect(Array(accepted.unicodeScalars.prefix(9)) == Array("S\u{E9}ance x\u{0323}".unicodeScalars))
        // A text far beyond its limit is refused before a scalar of it is normalized.
        do {
            _ = try Validation.normalized(String(repeating: "\u{E9}", count: 4_001), field: "title", max: 1_000)
            Issue.record("a title of 4,001 scalars passed")
        } catch {
            #expect(error.reason.contains("far longer than the limit of 1000"))
        }
    }

    @Test func hostileTextsGetAClearRefusalOverRESTAndPush() async throws {
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = server.client("rita")
            let hostile = "Looks fine " + Self.alternatingMarks(60_000)
            let rest = try await rita.send(
                "PUT", "/v1/verdicts/\(RecordID.make())",
                json: VerdictInput(claimId: claims[0].id, label: "false", rationale: hostile))
            #expect(rest.status == 400, "\(rest.status)")
            #expect(rest.error?.message.contains("rationale has more than 30 combining marks in a row") == true)
            let longer = try await rita.send(
                "PUT", "/v1/verdicts/\(RecordID.make())",
                json: VerdictInput(claimId: claims[0].id, label: "false", rationale: hostile + hostile))
            #expect(longer.error?.message.contains("rationale is far longer than the limit of 20000") == true)
            let note = try await rita.send(
                "PUT", "/v1/verdicts/\(RecordID.make())",
                json: VerdictInput(
                    claimId: claims[0].id, label: "false",
                    evidence: [Evidence(url: "https://example.org/", note: "x" + Self.alternatingMarks(40))]))
            #expect(note.error?.message.contains("evidence[0].note has more than 30") == true, "\(note.text)")
            let pushed = try await rita.push([
                Mutation(
                    mutationId: "hostile", type: .verdict, op: .put, id: nil, baseVersion: nil,
                    record: .verdict(VerdictInput(claimId: claims[1].id, label: "true", rationale: hostile))),
                Mutation.verdict(claimId: claims[1].id, label: "true"),
            ])
            #expect(pushed.map(\.status) == [.rejected, .applied])
            #expect(pushed.first?.reason?.contains("combining marks") == true)
            // A retry of the refused mutation gets the same answer, remembered.
            let retried = try await rita.push([
                Mutation(
                    mutationId: "hostile", type: .verdict, op: .put, id: nil, baseVersion: nil,
                    record: .verdict(VerdictInput(claimId: claims[1].id, label: "true", rationale: hostile)))
            ])
            #expect(retried.first?.status == .rejected)

            // An editor's 12 MiB body of marks is refused by its length alone.
            let erin = server.client("erin")
            let body = "Text " + Self.alternatingMarks(6_000_000)
            let huge = try await erin.send("POST", "/v1/articles", json: ArticleInput(title: "T", body: body))
            #expect(huge.status == 400 && huge.error?.message.contains("body is far longer") == true, "\(huge.status)")
            let title = try await erin.send(
                "POST", "/v1/articles", json: ArticleInput(title: "T" + Self.alternatingMarks(31), body: "New text."))
            #expect(title.error?.message.contains("title has more than 30 combining marks") == true)
            // Text within the limit is stored in NFC, marks in canonical order.
            let fine = try await erin.send(
                "POST", "/v1/articles",
                json: ArticleInput(title: "Se\u{0301}ance x\u{0301}\u{0323}", body: "Other text."))
            #expect(fine.status == 201, "\(fine.text)")
            // Scalars, not Characters: Swift's String comparison would equate the two forms.
            let stored = try fine.decode(Article.self).title
            #expect(Array(stored.unicodeScalars) == Array("S\u{E9}ance x\u{0323}\u{0301}".unicodeScalars))
            #expect(try await rita.get("/v1/articles/\(article.id)").status == 200)
        }
    }
}
