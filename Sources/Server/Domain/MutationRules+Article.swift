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
        let hash = ContentHash.sha256Hex(body)
        guard let id, let current = try storage.article(id: id) else {
            try requireAbsentBase(mutation, id: id)
            if let existing = try storage.articleID(contentHash: hash) {
                throw Rejection(code: .duplicate, reason: "article \(existing) already has exactly this text")
            }
            let article = Article(
                id: id ?? RecordID.make(), version: 1, revision: 1, title: title, source: source, url: url,
                published: published, body: body, contentHash: hash, createdBy: identity.name,
                updatedBy: identity.name, createdAt: now, updatedAt: now)
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
        return .applied(.article(article), try storage.save(article, by: identity.name))
    }
}
