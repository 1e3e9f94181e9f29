import VerdictShared

extension MutationRules {
    /// Verdicts: anyone writes their own, nobody writes another's; one live verdict per reviewer and claim.
    func applyVerdict(
        _ mutation: Mutation, by identity: Identity, in storage: some MutationStorage, now: String
    )
        throws -> Outcome
    {
        let id = try recordID(of: mutation)
        let current = try id.flatMap { try storage.verdict(id: $0) }
        if let current, current.reviewer != identity.name {
            throw Rejection.forbidden(
                "verdict \(current.id) belongs to \(current.reviewer); you can only write your own")
        }
        switch mutation.op {
        case .delete:
            guard let id else { throw Rejection.invalid("a delete must name the verdict's id") }
            guard let current else { throw Rejection.notFound("verdict \(id) does not exist") }
            if let conflict = try versionConflict(mutation, current: .verdict(current)) { return conflict }
            if current.deleted {
                return .conflict(.deleted, "verdict \(id) is already deleted", current: .verdict(current))
            }
            var tombstone = current
            tombstone.deleted = true
            tombstone.version += 1
            tombstone.updatedAt = now
            return .applied(.verdict(tombstone), try storage.save(tombstone, by: identity.name))
        case .put:
            guard case .verdict(let input) = mutation.record else {
                throw Rejection.invalid("a verdict put needs a record with claimId and label")
            }
            let fields = try validatedFields(input)
            guard let claimStatus = try storage.claimStatus(id: fields.claimId) else {
                throw Rejection.notFound("claim \(fields.claimId) does not exist")
            }
            let claim = (id: fields.claimId, status: claimStatus)
            if claim.status == .withdrawn {
                throw Rejection.invalid("claim \(claim.id) is withdrawn; it takes no verdicts")
            }
            guard let current else {
                try requireAbsentBase(mutation, id: id)
                if let live = try storage.liveVerdict(claimId: claim.id, reviewer: identity.name) {
                    return .conflict(
                        .liveVerdictExists, "you already have verdict \(live.id) on claim \(claim.id)",
                        current: .verdict(live))
                }
                let verdict = Verdict(
                    id: id ?? RecordID.make(), version: 1, claimId: claim.id, reviewer: identity.name,
                    label: fields.label, confidence: fields.confidence, rationale: fields.rationale,
                    evidence: fields.evidence, deleted: false, createdAt: now, updatedAt: now)
                return .applied(.verdict(verdict), try storage.save(verdict, by: identity.name))
            }
            if let conflict = try versionConflict(mutation, current: .verdict(current)) { return conflict }
            if current.claimId != claim.id {
                throw Rejection.invalid(
                    "verdict \(current.id) is on claim \(current.claimId); it cannot move to another claim")
            }
            if current.deleted, let live = try storage.liveVerdict(claimId: claim.id, reviewer: identity.name) {
                return .conflict(
                    .liveVerdictExists, "you already have verdict \(live.id) on claim \(claim.id)",
                    current: .verdict(live))
            }
            var verdict = current
            verdict.label = fields.label
            verdict.confidence = fields.confidence
            verdict.rationale = fields.rationale
            verdict.evidence = fields.evidence
            verdict.deleted = false
            verdict.version += 1
            verdict.updatedAt = now
            return .applied(.verdict(verdict), try storage.save(verdict, by: identity.name))
        }
    }

    struct VerdictFields {
        let claimId: String
        let label: String
        let confidence: Double
        let rationale: String
        let evidence: [Evidence]
    }

    func validatedFields(_ input: VerdictInput) throws(Rejection) -> VerdictFields {
        if input.claimId.isEmpty { throw .invalid("claimId must not be empty") }
        guard RecordID.isValid(input.claimId) else {
            throw .notFound("claim \(input.claimId.prefix(80)) does not exist")
        }
        guard scale.label(input.label) != nil else {
            let known = scale.labels.map(\.id).joined(separator: ", ")
            throw .invalid("label '\(input.label.prefix(60))' is not on the verdict scale (\(known))")
        }
        let confidence = input.confidence ?? 1
        guard confidence.isFinite, (0...1).contains(confidence) else {
            throw .invalid("confidence must be between 0 and 1, not \(confidence)")
        }
        let rationale = try Validation.text(
            input.rationale ?? "", field: "rationale", max: limits.rationale, required: false, multiline: true)
        return VerdictFields(
            claimId: input.claimId, label: input.label, confidence: confidence, rationale: rationale,
            evidence: try validatedEvidence(input.evidence ?? []))
    }

    /// Evidence as stored: checked http(s) addresses, notes normalized, empty notes dropped.
    func validatedEvidence(_ items: [Evidence]) throws(Rejection) -> [Evidence] {
        guard items.count <= limits.evidenceItems else {
            throw .invalid("\(items.count) evidence items; the limit is \(limits.evidenceItems)")
        }
        var evidence: [Evidence] = []
        for (index, item) in items.enumerated() {
            let url = try Validation.url(item.url, field: "evidence[\(index)].url", max: limits.url)
            var note: String?
            if let text = item.note {
                note = try Validation.text(
                    text, field: "evidence[\(index)].note", max: limits.evidenceNote, required: false)
            }
            evidence.append(Evidence(url: url, note: note?.isEmpty == true ? nil : note))
        }
        return evidence
    }
}
