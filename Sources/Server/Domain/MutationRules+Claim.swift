import VerdictShared

extension MutationRules {
    /// Claims: anyone marks one; the span never changes afterwards (but for re-anchoring and an editor's
    /// re-attachment of an orphan); editors withdraw or restore them, and a reviewer may withdraw their own
    /// while no one else has rated it.
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
                if current.anchoring == .orphaned, current.status == .active, input.status != .withdrawn,
                    !(try isSameSpan(input, as: current, in: storage))
                {
                    return try reattach(current, to: input, mutation, by: identity, in: storage, now: now)
                }
                try requireSameSpan(input, as: current, in: storage)
                let status = input.status ?? current.status
                // `linkedTo` left out keeps the link; "" unlinks.
                let link = input.linkedTo.map { $0.isEmpty ? nil : $0 }
                if let link, link != current.linkedTo {
                    return try setLink(link, status: status, of: current, mutation, by: identity, in: storage, now: now)
                }
                if status == current.status && (mutation.baseVersion == nil || mutation.baseVersion == current.version)
                {
                    // Nothing to change: a re-sent create, or a no-op edit. Answer with the claim as it is.
                    return .merged(.claim(current))
                }
                return try setStatus(status, of: current, mutation, by: identity, in: storage, now: now)
            }
            try requireAbsentBase(mutation, id: id)
            if input.status == .withdrawn { throw Rejection.invalid("a new claim cannot start withdrawn") }
            if let link = input.linkedTo, !link.isEmpty {
                throw Rejection.invalid("a new claim cannot start linked; mark it, then link it (editors)")
            }
            let marked = try locate(input, in: storage)
            if let existing = try storage.claim(
                articleId: input.articleId, revision: marked.revision, start: marked.start, end: marked.end)
            {
                return .merged(.claim(existing))
            }
            // Marked on an older revision (offline, before a correction): carried onto the current one as the
            // article's claims were, so that the same span marked before and after a correction is one claim.
            let (span, anchoring) = try carryForward(marked, articleId: input.articleId, in: storage)
            if let existing = try storage.claim(
                articleId: input.articleId, revision: span.revision, start: span.start, end: span.end)
            {
                return .merged(.claim(existing))
            }
            let claim = Claim(
                id: id ?? RecordID.make(), version: 1, articleId: input.articleId, revision: span.revision,
                quote: span.quote, prefix: span.prefix, suffix: span.suffix, start: span.start, end: span.end,
                status: .active, anchoring: anchoring, createdBy: identity.name, createdAt: now, updatedAt: now)
            return .applied(.claim(claim), try storage.save(claim, by: identity.name))
        }
    }

    private func setStatus(
        _ status: ClaimStatus, of current: Claim, _ mutation: Mutation, by identity: Identity,
        in storage: some MutationStorage, now: String
    ) throws -> Outcome {
        // A reviewer may take back a claim they marked while no one else has rated it.
        let ownWithdrawal =
            try status == .withdrawn && current.createdBy == identity.name
            && !storage.hasLiveVerdict(claimId: current.id, notBy: identity.name)
        guard identity.can(.editor) || ownWithdrawal else {
            throw Rejection.forbidden(
                current.createdBy == identity.name && status == .withdrawn
                    ? "claim \(current.id) has other reviewers' verdicts; only an editor can withdraw it now"
                    : "only editors and admins can withdraw or restore claims (a reviewer may withdraw a claim "
                        + "they marked that no one else has rated)")
        }
        if let conflict = try versionConflict(mutation, current: .claim(current)) { return conflict }
        if mutation.op == .delete && current.status == .withdrawn {
            return .conflict(.deleted, "claim \(current.id) is already withdrawn", current: .claim(current))
        }
        if status == .withdrawn, try storage.appearanceCount(claimId: current.id) > 0 {
            throw Rejection.invalid(
                "claim \(current.id) has appearances linked to it; unlink them (or link them to another claim) "
                    + "before withdrawing it")
        }
        var claim = current
        claim.status = status
        claim.version += 1
        claim.updatedAt = now
        return .applied(.claim(claim), try storage.save(claim, by: identity.name))
    }

    /// Links a claim as an appearance of `target` (its own primary when `target` is itself an appearance), or
    /// unlinks it (nil); editors only. A claim with appearances of its own, or a published one, is not linked
    /// (link the other way round): links stay one level deep and a publication stays on a claim of its own.
    private func setLink(
        _ target: String?, status: ClaimStatus, of current: Claim, _ mutation: Mutation, by identity: Identity,
        in storage: some MutationStorage, now: String
    ) throws -> Outcome {
        guard identity.can(.editor) else {
            throw Rejection.forbidden("only editors and admins link claims as appearances of one another")
        }
        if let conflict = try versionConflict(mutation, current: .claim(current)) { return conflict }
        var primary: String?
        if let target {
            guard target != current.id else {
                throw Rejection.invalid("claim \(current.id) cannot be an appearance of itself")
            }
            guard RecordID.isValid(target), var other = try storage.claim(id: target) else {
                throw Rejection.notFound("claim \(target.prefix(80)) does not exist")
            }
            if let higher = other.linkedTo, let resolved = try storage.claim(id: higher) { other = resolved }
            guard other.id != current.id else {
                throw Rejection.invalid("claim \(current.id) cannot be an appearance of itself")
            }
            guard other.status == .active else {
                throw Rejection.invalid("claim \(other.id) is withdrawn; link to an active claim")
            }
            let appearances = try storage.appearanceCount(claimId: current.id)
            if appearances > 0 {
                throw Rejection.invalid(
                    "claim \(current.id) has \(appearances) appearance\(appearances == 1 ? "" : "s") of its own; link "
                        + "claim \(other.id) to it instead, or move its appearances first")
            }
            if try storage.publication(claimId: current.id) != nil {
                throw Rejection.invalid(
                    "claim \(current.id) is published; link claim \(other.id) to it instead")
            }
            primary = other.id
        }
        if primary == current.linkedTo && status == current.status {
            // Already so (the target was an appearance of the same claim): nothing to write.
            return .merged(.claim(current))
        }
        var claim = current
        claim.linkedTo = primary
        claim.status = status
        claim.version += 1
        claim.updatedAt = now
        return .applied(.claim(claim), try storage.save(claim, by: identity.name))
    }

    /// Refuses a put that would change an existing claim's article, quote or position (only an orphaned claim
    /// can be re-attached).
    private func requireSameSpan(_ input: ClaimInput, as current: Claim, in storage: some MutationStorage) throws {
        if !(try isSameSpan(input, as: current, in: storage)) { throw Self.spanChanged(current) }
    }

    /// Whether a put names the claim's own article, quote and position. A put naming an `occurrence` instead of
    /// offsets is located first and compared by position.
    private func isSameSpan(_ input: ClaimInput, as current: Claim, in storage: some MutationStorage) throws -> Bool {
        var start = input.start
        var end = input.end
        if start == nil && end == nil && input.occurrence != nil {
            let span = try locate(input, in: storage)
            guard span.revision == current.revision else { return false }
            (start, end) = (span.start, span.end)
        }
        return input.articleId == current.articleId && input.quote == current.quote
            && (input.revision ?? current.revision) == current.revision
            && (start ?? current.start) == current.start && (end ?? current.end) == current.end
    }

    private static func spanChanged(_ claim: Claim) -> Rejection {
        .invalid("claim \(claim.id)'s article, quote and offsets cannot change; withdraw it and mark a new one")
    }

    /// An editor re-attaches an orphaned claim to a quote in the article's current text: the claim keeps its id
    /// and verdicts, and is `moved` so that its reviewers take a second look.
    private func reattach(
        _ current: Claim, to input: ClaimInput, _ mutation: Mutation, by identity: Identity,
        in storage: some MutationStorage, now: String
    ) throws -> Outcome {
        guard identity.can(.editor) else {
            throw Rejection.forbidden("only editors and admins can re-attach an orphaned claim to a new quote")
        }
        guard input.articleId == current.articleId else {
            throw Rejection.invalid("an orphaned claim is re-attached within its own article")
        }
        if let conflict = try versionConflict(mutation, current: .claim(current)) { return conflict }
        let latest = try storage.articleRevision(id: current.articleId) ?? current.revision
        guard (input.revision ?? latest) == latest else {
            throw Rejection.invalid("re-attach a claim to the current revision (\(latest)) of its article")
        }
        let span = try locate(input, in: storage)
        if let other = try storage.claim(
            articleId: current.articleId, revision: span.revision, start: span.start, end: span.end)
        {
            throw Rejection.invalid("claim \(other.id) already marks this span; withdraw one of the two")
        }
        var claim = current
        (claim.revision, claim.quote, claim.prefix, claim.suffix) = (
            span.revision, span.quote, span.prefix, span.suffix
        )
        (claim.start, claim.end, claim.anchoring) = (span.start, span.end, .moved)
        claim.version += 1
        claim.updatedAt = now
        return .applied(.claim(claim), try storage.save(claim, by: identity.name))
    }

    /// A span marked on an older revision, carried onto the current one revision by revision with
    /// ``Reanchor``; where the quote is lost, it stays where it was marked, orphaned.
    private func carryForward(
        _ span: Span, articleId: String, in storage: some MutationStorage
    ) throws -> (Span, ClaimAnchoring) {
        guard let latest = try storage.articleRevision(id: articleId), span.revision < latest else {
            return (span, .exact)
        }
        var current = span
        var moved = false
        for revision in (span.revision + 1)...latest {
            guard let text = try storage.articleScalars(id: articleId, revision: revision) else { break }
            switch Reanchor.place(
                quote: current.quote, start: current.start, prefix: current.prefix, suffix: current.suffix, in: text)
            {
            case .exact(let start, let end), .moved(let start, let end):
                moved = moved || start != current.start
                let context = TextAnchor.context(of: text, start: start, end: end)
                current = Span(
                    revision: revision, quote: current.quote, prefix: context.prefix, suffix: context.suffix,
                    start: start, end: end)
            case .orphaned:
                return (span, .orphaned)
            }
        }
        return (current, moved ? .moved : .exact)
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
        let quote = input.quote  // normalized by `prepare`
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
