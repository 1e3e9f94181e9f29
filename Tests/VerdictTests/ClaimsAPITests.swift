import Foundation
import Testing
import VerdictShared

@Suite struct ClaimsAPITests {
    @Test(arguments: TestBackend.allCases)
    func markByOffsetsAndByOccurrence(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let rita = server.client("rita")
            let quote = "The pause would end on February 1"
            let start = try #require(TextAnchor.occurrences(of: quote, in: article.body).first)
            let byOffsets = try await rita.send(
                "POST", "/v1/claims",
                json: ClaimInput(
                    articleId: article.id, quote: quote, start: start, end: start + quote.unicodeScalars.count))
            #expect(byOffsets.status == 201)
            let claim = try byOffsets.decode(Claim.self)
            #expect(claim.start == start && claim.createdBy == "rita" && claim.status == .active)
            #expect(article.body.contains(claim.prefix + claim.quote + claim.suffix))

            // "end on February 1" occurs twice; the second occurrence is inside the last sentence.
            let second = try await rita.createClaim(articleId: article.id, quote: "end on February 1", occurrence: 2)
            #expect(second.start > claim.start)
            let tooMany = try await rita.send(
                "POST", "/v1/claims", json: ClaimInput(articleId: article.id, quote: "end on February 1", occurrence: 3)
            )
            #expect(tooMany.status == 400)
            #expect(tooMany.error?.message.contains("occurs 2 time") == true)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func offsetsCountScalarsThroughEmojiAndSigns(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let quote = "one resident wrote"
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: quote)
            let scalars = Array(article.body.unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[claim.start..<claim.end])
            #expect(String(view) == quote)
            let utf16Start = article.body.utf16.distance(
                from: article.body.startIndex, to: try #require(article.body.range(of: quote)).lowerBound)
            #expect(utf16Start == claim.start + 1, "the emoji before the quote is 2 UTF-16 units, 1 scalar")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theSameSpanMergesIntoOneClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let first = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let again = try await server.client("ravi").send(
                "POST", "/v1/claims", json: ClaimInput(id: RecordID.make(), articleId: article.id, quote: "111 drones"))
            #expect(again.status == 200)
            #expect(try again.decode(Claim.self).id == first.id)
            #expect(again.header("Content-Location") == "/v1/claims/\(first.id)")
            let createOnly = try await server.client("ravi").send(
                "PUT", "/v1/claims/\(RecordID.make())", json: ClaimInput(articleId: article.id, quote: "111 drones"),
                headers: ["If-None-Match": "*"])
            #expect(createOnly.status == 412)
            #expect(createOnly.error?.current?.id == first.id)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func badSpansAreRejectedWithReasons(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let rita = server.client("rita")
            let cases: [(ClaimInput, Int, String)] = [
                (ClaimInput(articleId: article.id, quote: "not in the text"), 400, "does not occur"),
                (ClaimInput(articleId: article.id, quote: "Officials", start: 1, end: 10), 400, "not the quote"),
                (ClaimInput(articleId: article.id, quote: "x", start: 0, end: 100_000), 400, "outside"),
                (ClaimInput(articleId: article.id, quote: "x", start: 5, end: 5), 400, "outside"),
                (ClaimInput(articleId: article.id, quote: "Officials", start: 0), 400, "both start and end"),
                (ClaimInput(articleId: article.id, quote: "   "), 400, "empty"),
                (ClaimInput(articleId: article.id, revision: 9, quote: "Officials"), 404, "no revision 9"),
                (ClaimInput(articleId: "missing", quote: "Officials"), 404, "does not exist"),
                (ClaimInput(articleId: "", quote: "Officials"), 400, "articleId must not be empty"),
                (
                    ClaimInput(articleId: article.id, quote: "Officials", start: 0, end: 9, occurrence: 1), 400,
                    "not both"
                ),
                (ClaimInput(articleId: article.id, quote: "Officials", occurrence: 0), 400, "1 or more"),
            ]
            for (input, status, message) in cases {
                let result = try await rita.send("POST", "/v1/claims", json: input)
                #expect(result.status == status, "\(input): \(result.text)")
                #expect(result.error?.message.contains(message) == true, "\(result.text)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func claimsFollowTheirQuoteIntoTheNewRevision(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let erin = server.client("erin")
            let article = try await erin.createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            let added = "Rewritten: 111 drones were reported. "
            var input = Fixtures.article(body: added + article.body)
            input.title = article.title
            let corrected = try await erin.send(
                "PUT", "/v1/articles/\(article.id)", json: input, headers: ["If-Match": "\"1\""])
            #expect(corrected.status == 200)
            // The claim moves with its sentence onto revision 2 (the quote now occurs twice; its context picks the
            // one it marked); the new sentence's "111 drones" is another span, so marking it is another claim.
            let reread = try await server.client("rita").get("/v1/claims/\(claim.id)").decode(Claim.self)
            let shift = TextAnchor.length(added)
            #expect(reread.revision == 2 && reread.start == claim.start + shift && reread.anchoring == .moved)
            let same = try await server.client("ravi").createClaim(
                articleId: article.id, quote: "111 drones", occurrence: 2)
            #expect(same.id == claim.id, "re-marking the unchanged sentence is the same claim")
            let onNew = try await server.client("ravi").createClaim(articleId: article.id, quote: "111 drones")
            #expect(onNew.revision == 2 && onNew.id != claim.id)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func editorsWithdrawAndRestore(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            // Another reviewer may not withdraw it; nor may the one who marked it once someone else rated it.
            let byReviewer = try await server.client("ravi").request(
                "DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""])
            #expect(byReviewer.status == 403)
            let rated = RecordID.make()
            #expect(
                try await server.client("ravi").putVerdict(id: rated, claimId: claim.id, label: "true").status == 201)
            let byMarker = try await server.client("rita").request(
                "DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""])
            #expect(byMarker.status == 403 && byMarker.error?.message.contains("other reviewers' verdicts") == true)
            let noVersion = try await server.client("erin").request("DELETE", "/v1/claims/\(claim.id)")
            #expect(noVersion.status == 428)
            let withdrawn = try await server.client("erin").request(
                "DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""])
            #expect(withdrawn.status == 200)
            #expect(try withdrawn.decode(Claim.self).status == .withdrawn)
            let verdict = try await server.client("rita").putVerdict(claimId: claim.id, label: "false")
            #expect(verdict.status == 400)
            #expect(try await server.client("ravi").get("/v1/verdicts/\(rated)").status == 200, "verdicts are kept")
            #expect(verdict.error?.message.contains("withdrawn") == true)
            var restore = ClaimInput(articleId: article.id, quote: claim.quote, status: .active)
            restore.revision = claim.revision
            let restored = try await server.client("erin").send(
                "PUT", "/v1/claims/\(claim.id)", json: restore, headers: ["If-Match": "\"2\""])
            #expect(restored.status == 200)
            #expect(try restored.decode(Claim.self).status == .active)
            var moved = restore
            moved.quote = "drones"
            let move = try await server.client("erin").send(
                "PUT", "/v1/claims/\(claim.id)", json: moved, headers: ["If-Match": "\"3\""])
            #expect(move.status == 400)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReviewerWithdrawsTheirOwnUnratedClaim(backend: TestBackend) async throws {
        try await withServer(backend: backend) { server in
            let article = try await server.client("erin").createArticle()
            let claim = try await server.client("rita").createClaim(articleId: article.id, quote: "111 drones")
            #expect(try await server.client("rita").putVerdict(claimId: claim.id, label: "true").status == 201)
            let own = try await server.client("rita").request(
                "DELETE", "/v1/claims/\(claim.id)", headers: ["If-Match": "\"1\""])
            #expect(own.status == 200, "only their own verdict on it: \(own.text)")
            #expect(try own.decode(Claim.self).status == .withdrawn)
            var restore = ClaimInput(articleId: article.id, quote: claim.quote, status: .active)
            restore.revision = claim.revision
            let back = try await server.client("rita").send(
                "PUT", "/v1/claims/\(claim.id)", json: restore, headers: ["If-Match": "\"2\""])
            #expect(back.status == 403, "restoring is an editor's")
        }
    }
}
