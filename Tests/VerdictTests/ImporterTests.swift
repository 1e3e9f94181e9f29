import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

@Suite struct ImporterTests {
    @Test func plainTextWithHeaders() throws {
        let article = try ArticleFile.parseText(
            """
            Pause ends Sunday, aide says
            Source: Test Ledger
            URL: https://example.org/a
            Published: 2026-01-31

            First paragraph.

            Second paragraph.

            """)
        #expect(article.title == "Pause ends Sunday, aide says")
        #expect(article.source == "Test Ledger")
        #expect(article.url == "https://example.org/a")
        #expect(article.published == "2026-01-31")
        #expect(article.body == "First paragraph.\n\nSecond paragraph.")
    }

    @Test func plainTextWithTitleOnly() throws {
        let article = try ArticleFile.parseText("Title\n\nBody: with a colon.\n")
        #expect(article.title == "Title")
        #expect(article.source == nil)
        #expect(article.body == "Body: with a colon.")
    }

    @Test func markdownFrontMatterAndHeading() throws {
        let front = try ArticleFile.parseMarkdown(
            "---\ntitle: \"Quoted title\"\nsource: Bulletin\nurl: https://example.org/b\npublished: 2026-02-01\n---\n\nBody\n"
        )
        #expect(front.title == "Quoted title")
        #expect(front.url == "https://example.org/b")
        #expect(front.body == "Body")
        let heading = try ArticleFile.parseMarkdown("# Heading title\n\n## Sub\n\nText")
        #expect(heading.title == "Heading title")
        #expect(heading.body == "## Sub\n\nText")
    }

    @Test func jsonObjectAndArray() throws {
        let one = try ArticleFile.parseJSON(Data(#"{"title":"T","body":"B","source":"S"}"#.utf8))
        #expect(one.map(\.title) == ["T"])
        let many = try ArticleFile.parseJSON(Data(#"[{"title":"A","body":"x"},{"title":"B","body":"y"}]"#.utf8))
        #expect(many.map(\.title) == ["A", "B"])
    }

    @Test func clearErrors() {
        #expect(throws: ArticleFile.ParseError.self) { try ArticleFile.parseText("\n\n") }
        #expect(throws: ArticleFile.ParseError.self) { try ArticleFile.parseText("Title only\n") }
        #expect(throws: ArticleFile.ParseError.self) { try ArticleFile.parseMarkdown("---\ntitle: x\nbody\n") }
        #expect(throws: ArticleFile.ParseError.self) { try ArticleFile.parseMarkdown("no title here") }
        do {
            _ = try ArticleFile.parseJSON(Data(#"{"title": 3, "body": "x"}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("title"))
        }
    }

    @Test func theSampleCorpusParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let files = try ArticleImporter.files(in: [root.appendingPathComponent("Samples/corpus").path])
        #expect(files.count >= 6 && files.count <= 10)
        var hashes = Set<String>()
        for file in files {
            for article in try ArticleImporter.parse(file: file) {
                #expect(!article.title.isEmpty)
                #expect(article.body.count > 500, "\(file.lastPathComponent) is short")
                hashes.insert(ContentHash.sha256Hex(article.body))
            }
        }
        #expect(hashes.count == files.count)
    }
}
