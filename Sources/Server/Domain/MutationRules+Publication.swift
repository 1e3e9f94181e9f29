import VerdictShared

extension MutationRules {
    /// Publications: editors publish a claim's desk verdict; a publication is never deleted, and a correction is
    /// a new version with a correction note. Publishing against the claim's consensus, or without the desk's
    /// quorum, needs a stated reason.
    func applyPublication(
        _ mutation: Mutation, by identity: Identity, in storage: some MutationStorage, now: String
    )
        throws -> Outcome
    {
        guard identity.can(.editor) else { throw Rejection.forbidden("only editors and admins publish verdicts") }
        let id = try recordID(of: mutation)
        guard mutation.op == .put else {
            throw Rejection.invalid("a publication cannot be deleted; publish a correction with a correction note")
        }
        guard case .publication(let input) = mutation.record else {
            throw Rejection.invalid("a publication put needs a record with claimId and summary")
        }
        guard RecordID.isValid(input.claimId), let claim = try storage.claim(id: input.claimId) else {
            throw Rejection.notFound("claim \(input.claimId.prefix(80)) does not exist")
        }
        if claim.status == .withdrawn {
            throw Rejection.invalid("claim \(claim.id) is withdrawn; it cannot be published")
        }
        if let primary = claim.linkedTo {
            throw Rejection.invalid(
                "claim \(claim.id) is an appearance of claim \(primary); publish that one (its verdicts count there)")
        }
        let current = try id.flatMap { try storage.publication(id: $0) }
        if let current {
            if let conflict = try versionConflict(mutation, current: .publication(current)) { return conflict }
            if current.claimId != claim.id {
                throw Rejection.invalid(
                    "publication \(current.id) is on claim \(current.claimId); it cannot move to another claim")
            }
        } else {
            try requireAbsentBase(mutation, id: id)
            if let existing = try storage.publication(claimId: claim.id) {
                return .conflict(
                    .alreadyPublished,
                    "claim \(claim.id) is already published as \(existing.id) (version \(existing.version)); "
                        + "publish a correction of it instead", current: .publication(existing))
            }
        }

        let consensus = try self.consensus(onClaim: claim.id, in: storage)
        // A published verdict is locked: a correction that names no label keeps the published one, whatever the
        // verdicts say now.
        guard let label = input.label ?? current?.label ?? consensus.label else {
            throw Rejection.invalid(
                consensus.verdicts == 0
                    ? "claim \(claim.id) has no verdicts, so there is no consensus to publish; give a label"
                    : "the verdicts on claim \(claim.id) tie, so there is no consensus to publish; give a label")
        }
        guard scale.label(label) != nil else {
            let known = scale.labels.map(\.id).joined(separator: ", ")
            throw Rejection.invalid("label '\(label.prefix(60))' is not on the verdict scale (\(known))")
        }
        let summary = try Validation.text(
            input.summary, field: "summary", max: limits.rationale, required: true, multiline: true)
        // A correction that keeps the published label stands on the desk's earlier decision and its reason.
        let keepsPublishedLabel = current.map { $0.label == label } ?? false
        let reason = try optionalText(input.reason, field: "reason") ?? (keepsPublishedLabel ? current?.reason : nil)
        let correction = try optionalText(input.correction, field: "correction")
        let claimAuthor = try input.claimAuthor.map {
            try Validation.text($0, field: "claimAuthor", max: limits.title, required: false)
        }.flatMap { $0.isEmpty ? nil : $0 }
        if reason == nil, !keepsPublishedLabel, let why = workflow.reasonNeeded(publishing: label, consensus: consensus)
        {
            throw Rejection.invalid("\(why); give a reason for publishing it anyway")
        }
        if current != nil, correction == nil {
            throw Rejection.invalid("a correction of a published verdict needs a correction note saying what changed")
        }
        let evidence = try validatedEvidence(input.evidence ?? [])
        let publication = Publication(
            id: current?.id ?? id ?? RecordID.make(), version: (current?.version ?? 0) + 1, claimId: claim.id,
            label: label, summary: summary, evidence: evidence, claimAuthor: claimAuthor, reason: reason,
            correction: current == nil ? nil : correction, consensus: consensus, publishedBy: identity.name,
            createdAt: current?.createdAt ?? now, updatedAt: now)
        let saved = try storage.save(publication, by: identity.name)
        try storage.audit(
            by: identity.name, current == nil ? "publication.publish" : "publication.correct", target: publication.id,
            detail: "claim \(claim.id), \(label), version \(publication.version)"
                + (reason.map { ", reason: \($0.prefix(200))" } ?? ""))
        return .applied(.publication(publication), saved)
    }

    /// The claim's majority vote over its live verdicts and those on its appearances (one per reviewer).
    func consensus(onClaim claim: String, in storage: some MutationStorage) throws -> PublishedConsensus {
        PublishedConsensus.majority(of: try storage.groupVerdicts(claimId: claim).map(\.label), scale: scale)
    }

    private func optionalText(_ text: String?, field: String) throws(Rejection) -> String? {
        guard let text else { return nil }
        let checked = try Validation.text(text, field: field, max: limits.rationale, required: false, multiline: true)
        return checked.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : checked
    }
}
