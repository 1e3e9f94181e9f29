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
                try requireSameSpan(input, as: current, in: storage)
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

    /// Refuses a put that would change an existing claim's article, quote or position. A put naming an
    /// `occurrence` instead of offsets is located first and compared by position.
    private func requireSameSpan(_ input: ClaimInput, as current: Claim, in storage: some MutationStorage) throws {
        var start = input.start
        var end = input.end
        if start == nil && end == nil && input.occurrence != nil {
            let span = try locate(input, in: storage)
            guard span.revision == current.revision else { throw Self.spanChanged(current) }
            (start, end) = (span.start, span.end)
        }
        let sameSpan =
            input.articleId == current.articleId && TextAnchor.normalize(input.quote) == current.quote
            && (input.revision ?? current.revision) == current.revision
            && (start ?? current.start) == current.start && (end ?? current.end) == current.end
        if !sameSpan { throw Self.spanChanged(current) }
    }

    private static func spanChanged(_ claim: Claim) -> Rejection {
        .invalid("claim \(claim.id)'s article, quote and offsets cannot change; withdraw it and mark a new one")
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
        if input.articleId.isEmpty { throw Rejection.invalid("articleId must not be empty") }
        guard RecordID.isValid(input.articleId), let latest = try storage.articleRevision(id: input.articleId) else {
            throw Rejection.notFound("article \(input.articleId.prefix(80)) does not exist")
        }
        let revision = input.revision ?? latest
        guard revision >= 1, let body = try storage.articleScalars(id: input.articleId, revision: revision) else {
            throw Rejection.notFound("article \(input.articleId) has no revision \(revision) (latest is \(latest))")
        }
        let quote = TextAnchor.normalize(input.quote)
        guard !quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Rejection.invalid("quote must not be empty")
        }
        let needle = Array(quote.unicodeScalars)
        guard needle.count <= limits.quote else {
            throw Rejection.invalid("quote is \(needle.count) characters long; the limit is \(limits.quote)")
        }
        let start: Int
        switch (input.start, input.end, input.occurrence) {
        case (let from?, let to?, nil):
            guard from >= 0, to <= body.count, from < to else {
                throw Rejection.invalid(
                    "offsets \(from)..<\(to) lie outside the article text (0..<\(body.count) Unicode scalars)")
            }
            guard body[from..<to].elementsEqual(needle) else {
                let found = TextAnchor.string(body[from..<to])
                throw Rejection.invalid(
                    "offsets \(from)..<\(to) hold \"\(found.prefix(80))\", not the quote \"\(quote.prefix(80))\"")
            }
            start = from
        case (nil, nil, let occurrence):
            let wanted = occurrence ?? 1
            guard wanted >= 1 else { throw Rejection.invalid("occurrence must be 1 or more, not \(wanted)") }
            let found = TextAnchor.occurrences(of: needle, in: body, limit: wanted)
            guard !found.isEmpty else {
                throw Rejection.invalid(
                    "the quote \"\(quote.prefix(80))\" does not occur in article \(input.articleId) revision \(revision)"
                )
            }
            guard found.count == wanted else {
                throw Rejection.invalid(
                    "occurrence \(wanted) asked, but the quote occurs \(found.count) time(s) in revision \(revision)")
            }
            start = found[wanted - 1]
        case (_?, _?, _?):
            throw Rejection.invalid("give the offsets or an occurrence, not both")
        default:
            throw Rejection.invalid("give both start and end, or neither")
        }
        let context = TextAnchor.context(of: body, start: start, end: start + needle.count)
        return Span(
            revision: revision, quote: quote, prefix: context.prefix, suffix: context.suffix, start: start,
            end: start + needle.count)
    }
}
