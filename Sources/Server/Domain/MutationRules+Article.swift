import VerdictShared

extension MutationRules {
    /// Articles: editors and admins add them and correct them; every change of the text is a new revision.
    func applyArticle(
        _ mutation: Mutation, by identity: Identity, in storage: some MutationStorage, now: String
    )
        throws -> Outcome
    {
        guard identity.can(.editor) else {
            throw Rejection.forbidden("only editors and admins can add or correct articles")
        }
        guard mutation.op == .put else {
            throw Rejection.invalid("articles cannot be deleted; correct them instead (old revisions stay readable)")
        }
        guard case .article(let input) = mutation.record else {
            throw Rejection.invalid("an article put needs a record with title and body")
        }
        let id = try recordID(of: mutation)
        let title = try Validation.text(input.title, field: "title", max: limits.title)
        let source = try Validation.text(input.source ?? "", field: "source", max: limits.source, required: false)
        let url = try input.url.flatMap { $0.isEmpty ? nil : try Validation.url($0, field: "url", max: limits.url) }
        let published = try input.published.flatMap { $0.isEmpty ? nil : try Validation.publishedDate($0) }
        let body = try Validation.text(input.body, field: "body", max: limits.body, multiline: true)
        if let target = input.targetVerdicts, !(0...100).contains(target) {
            throw Rejection.invalid(
                "targetVerdicts must be from 1 to 100 verdicts per claim (0 for the desk's default), not \(target)")
        }
        let hash = ContentHash.sha256Hex(body)
        guard let id, let current = try storage.article(id: id) else {
            try requireAbsentBase(mutation, id: id)
            if let existing = try storage.articleID(contentHash: hash) {
                throw Rejection(code: .duplicate, reason: "article \(existing) already has exactly this text")
            }
            let article = Article(
                id: id ?? RecordID.make(), version: 1, revision: 1, title: title, source: source, url: url,
                published: published, body: body, contentHash: hash, createdBy: identity.name,
                updatedBy: identity.name, createdAt: now, updatedAt: now,
                targetVerdicts: input.targetVerdicts == 0 ? nil : input.targetVerdicts)
            return .applied(.article(article), try storage.save(article, by: identity.name))
        }
        if let conflict = try versionConflict(mutation, current: .article(current)) { return conflict }
        let textChanged = hash != current.contentHash
        if textChanged, let existing = try storage.articleID(contentHash: hash), existing != current.id {
            throw Rejection(code: .duplicate, reason: "article \(existing) already has exactly this text")
        }
        var article = current
        article.version += 1
        // A revision is a version of the text: claims anchor to it. Fixing only the title, source, URL or
        // date keeps the revision, so claims marked before and after the fix still merge.
        if textChanged { article.revision += 1 }
        article.title = title
        article.source = source
        article.url = url
        article.published = published
        article.body = body
        article.contentHash = hash
        article.updatedBy = identity.name
        article.updatedAt = now
        if let target = input.targetVerdicts { article.targetVerdicts = target == 0 ? nil : target }
        let saved = try storage.save(article, by: identity.name)
        if textChanged { try reanchorClaims(of: article, in: storage, by: identity.name, now: now) }
        return .applied(.article(article), saved)
    }

    /// Moves every active claim of a corrected article onto its new revision by ``Reanchor``, in the same
    /// transaction as the correction: claims whose offsets still hold the quote first (so that no other claim
    /// takes their place), then the others in text order. Each claim that changes is a change of its own.
    private func reanchorClaims(
        of article: Article, in storage: some MutationStorage, by user: String, now: String
    ) throws {
        let text = Array(article.body.unicodeScalars)
        let claims = try storage.activeClaims(articleId: article.id)
        var placements: [String: Reanchor.Placement] = [:]
        var taken = Set<[Int]>()
        for claim in claims {
            let end = claim.start + TextAnchor.length(claim.quote)
            if claim.anchoring != .orphaned, end <= text.count,
                text[claim.start..<end].elementsEqual(claim.quote.unicodeScalars),
                taken.insert([claim.start, end]).inserted
            {
                placements[claim.id] = .exact(start: claim.start, end: end)
            }
        }
        // The others compete for what is left: the surest (the best context match) go first, then text order.
        func sureness(_ claim: Claim) -> Int {
            let placement = Reanchor.place(
                quote: claim.quote, start: claim.start, prefix: claim.prefix, suffix: claim.suffix, in: text)
            guard case .moved(let start, _) = placement else { return -1 }
            return Reanchor.contextScore(
                quote: claim.end - claim.start, prefix: claim.prefix, suffix: claim.suffix, at: start, in: text)
        }
        let rest = claims.filter { placements[$0.id] == nil }.map { ($0, sureness($0)) }
        for (claim, _) in rest.sorted(by: { $0.1 > $1.1 }) {
            let placement = Reanchor.place(
                quote: claim.quote, start: claim.start, prefix: claim.prefix, suffix: claim.suffix, in: text,
                isFree: { !taken.contains([$0, $1]) })
            switch placement {
            case .exact(let start, let end), .moved(let start, let end): taken.insert([start, end])
            case .orphaned: break
            }
            placements[claim.id] = placement
        }
        for claim in claims {
            var moved = claim
            switch placements[claim.id] ?? .orphaned {
            case .exact(let start, let end), .moved(let start, let end):
                let context = TextAnchor.context(of: text, start: start, end: end)
                // Where the old offsets still hold the quote the claim is exact again, even if an earlier
                // correction had moved it: this correction did not shift it.
                let stayed = start == claim.start && claim.anchoring != .orphaned
                moved.anchoring = stayed ? .exact : .moved
                moved.revision = article.revision
                (moved.start, moved.end, moved.prefix, moved.suffix) = (start, end, context.prefix, context.suffix)
            case .orphaned:
                // Already orphaned and still nowhere: nothing changes.
                if claim.anchoring == .orphaned { continue }
                moved.anchoring = .orphaned
            }
            moved.version += 1
            moved.updatedAt = now
            _ = try storage.save(moved, by: user)
        }
    }
}
