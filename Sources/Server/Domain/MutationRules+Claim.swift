import VerdictShared

extension MutationRules {
    /// Claims: anyone marks one; the span never changes afterwards; editors withdraw or restore them.
    func applyClaim(
        _ mutation: Mutation, by identity: Identity, in storage: some MutationStorage, now: String
    )
        throws -> Outcome
    {
        let id = try recordID(of: mutation)
        let current = try id.flatMap { try storage.claim(id: $0) }
        switch mutation.op {
        case .delete:
            guard let id else { throw Rejection.invalid("a delete must name the claim's id") }
            guard let current else { throw Rejection.notFound("claim \(id) does not exist") }
            return try setStatus(.withdrawn, of: current, mutation, by: identity, in: storage, now: now)
        case .put:
            guard case .claim(let input) = mutation.record else {
                throw Rejection.invalid("a claim put needs a record with articleId and quote")
            }
            if let current {
                try requireSameSpan(input, as: current)
                let status = input.status ?? current.status
                if status == current.status && (mutation.baseVersion == nil || mutation.baseVersion == current.version)
                {
                    // Nothing to change: a re-sent create, or a no-op edit. Answer with the claim as it is.
                    return .merged(.claim(current))
                }
                return try setStatus(status, of: current, mutation, by: identity, in: storage, now: now)
            }
            try requireAbsentBase(mutation, id: id)
            if input.status == .withdrawn { throw Rejection.invalid("a new claim cannot start withdrawn") }
            let span = try locate(input, in: storage)
            if let existing = try storage.claim(
                articleId: input.articleId, revision: span.revision, start: span.start, end: span.end)
            {
                return .merged(.claim(existing))
            }
            let claim = Claim(
                id: id ?? RecordID.make(), version: 1, articleId: input.articleId, revision: span.revision,
                quote: span.quote, prefix: span.prefix, suffix: span.suffix, start: span.start, end: span.end,
                status: .active, createdBy: identity.name, createdAt: now, updatedAt: now)
            return .applied(.claim(claim), try storage.save(claim, by: identity.name))
        }
    }

    private func setStatus(
        _ status: ClaimStatus, of current: Claim, _ mutation: Mutation, by identity: Identity,
        in storage: some MutationStorage, now: String
    ) throws -> Outcome {
        guard identity.can(.editor) else {
            throw Rejection.forbidden("only editors and admins can withdraw or restore claims")
        }
        if let conflict = try versionConflict(mutation, current: .claim(current)) { return conflict }
        if mutation.op == .delete && current.status == .withdrawn {
            return .conflict(.deleted, "claim \(current.id) is already withdrawn", current: .claim(current))
        }
        var claim = current
        claim.status = status
        claim.version += 1
        claim.updatedAt = now
        return .applied(.claim(claim), try storage.save(claim, by: identity.name))
    }

    private func requireSameSpan(_ input: ClaimInput, as current: Claim) throws(Rejection) {
        let sameSpan =
            input.articleId == current.articleId && TextAnchor.normalize(input.quote) == current.quote
            && (input.revision ?? current.revision) == current.revision
            && (input.start ?? current.start) == current.start && (input.end ?? current.end) == current.end
        if !sameSpan {
            throw .invalid(
                "claim \(current.id)'s article, quote and offsets cannot change; withdraw it and mark a new one")
        }
    }

    struct Span {
        let revision: Int
        let quote: String
        let prefix: String
        let suffix: String
        let start: Int
        let end: Int
    }

    /// Finds the span a new claim marks, checking offsets against the quote or locating the quote.
    func locate(_ input: ClaimInput, in storage: some MutationStorage) throws -> Span {
        guard RecordID.isValid(input.articleId), let article = try storage.article(id: input.articleId) else {
            throw Rejection.notFound("article \(input.articleId.prefix(80)) does not exist")
        }
        let revision = input.revision ?? article.revision
        guard let body = try storage.articleBody(id: article.id, revision: revision) else {
            throw Rejection.notFound(
                "article \(article.id) has no revision \(revision) (latest is \(article.revision))")
        }
        let quote = TextAnchor.normalize(input.quote)
        guard !quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Rejection.invalid("quote must not be empty")
        }
        let quoteLength = quote.unicodeScalars.count
        guard quoteLength <= limits.quote else {
            throw Rejection.invalid("quote is \(quoteLength) characters long; the limit is \(limits.quote)")
        }
        let length = TextAnchor.length(body)
        let start: Int
        switch (input.start, input.end) {
        case (let from?, let to?):
            guard from >= 0, to <= length, from < to else {
                throw Rejection.invalid(
                    "offsets \(from)..<\(to) lie outside the article text (0..<\(length) Unicode scalars)")
            }
            let found = TextAnchor.slice(body, start: from, end: to) ?? ""
            guard found == quote else {
                throw Rejection.invalid(
                    "offsets \(from)..<\(to) hold \"\(found.prefix(80))\", not the quote \"\(quote.prefix(80))\"")
            }
            start = from
        case (nil, nil):
            let occurrences = TextAnchor.occurrences(of: quote, in: body)
            let wanted = input.occurrence ?? 1
            guard !occurrences.isEmpty else {
                throw Rejection.invalid(
                    "the quote \"\(quote.prefix(80))\" does not occur in article \(article.id) revision \(revision)")
            }
            guard wanted >= 1, wanted <= occurrences.count else {
                throw Rejection.invalid(
                    "occurrence \(wanted) asked, but the quote occurs \(occurrences.count) time(s) in revision \(revision)"
                )
            }
            start = occurrences[wanted - 1]
        default:
            throw Rejection.invalid("give both start and end, or neither")
        }
        let context = TextAnchor.context(of: body, start: start, end: start + quoteLength)
        return Span(
            revision: revision, quote: quote, prefix: context.prefix, suffix: context.suffix, start: start,
            end: start + quoteLength)
    }
}
