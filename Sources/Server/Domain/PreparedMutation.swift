import VerdictShared

/// A mutation made ready for the write transaction: its texts checked for size and NFC-normalized and its request
/// hash taken, all before the write lock is held, so that no text, however built, holds up other writers.
struct PreparedMutation: Sendable {
    /// The mutation with every text field normalized.
    let mutation: Mutation
    /// The hash of the mutation as sent, which a retry must repeat; empty when not asked for.
    let requestHash: String
    /// Why a text of it is refused, when one is: decided before normalization, given as the mutation's outcome.
    let refusal: MutationRules.Rejection?
}

extension MutationRules {
    /// Readies `mutation` outside any transaction. `hashing` takes the request hash for remembered outcomes.
    func prepare(_ mutation: Mutation, hashing: Bool) -> PreparedMutation {
        // A digest of everything the mutation asks for, to tell a true retry from a reused id.
        let hash = hashing ? ContentHash.sha256Hex(mutation.canonicalText) : ""
        do {
            var normalized = mutation
            normalized.record = try normalizedRecord(mutation.record)
            return PreparedMutation(mutation: normalized, requestHash: hash, refusal: nil)
        } catch {
            return PreparedMutation(mutation: mutation, requestHash: hash, refusal: error)
        }
    }

    /// The record with each of its texts through ``Validation/normalized(_:field:max:)``, which names the field
    /// and limit that `Validation.text` checks again once the text is normalized.
    private func normalizedRecord(_ record: MutationRecord?) throws(Rejection) -> MutationRecord? {
        switch record {
        case .article(var input):
            input.title = try Validation.normalized(input.title, field: "title", max: limits.title)
            input.source = try input.source.map { text throws(Rejection) in
                try Validation.normalized(text, field: "source", max: limits.source)
            }
            input.body = try Validation.normalized(input.body, field: "body", max: limits.body)
            return .article(input)
        case .claim(var input):
            input.quote = try Validation.normalized(input.quote, field: "quote", max: limits.quote)
            return .claim(input)
        case .verdict(var input):
            input.rationale = try input.rationale.map { text throws(Rejection) in
                try Validation.normalized(text, field: "rationale", max: limits.rationale)
            }
            input.evidence = try input.evidence.map(normalizedEvidence)
            return .verdict(input)
        case .publication(var input):
            input.summary = try Validation.normalized(input.summary, field: "summary", max: limits.rationale)
            input.reason = try input.reason.map { text throws(Rejection) in
                try Validation.normalized(text, field: "reason", max: limits.rationale)
            }
            input.correction = try input.correction.map { text throws(Rejection) in
                try Validation.normalized(text, field: "correction", max: limits.rationale)
            }
            input.claimAuthor = try input.claimAuthor.map { text throws(Rejection) in
                try Validation.normalized(text, field: "claimAuthor", max: limits.title)
            }
            input.evidence = try input.evidence.map(normalizedEvidence)
            return .publication(input)
        case .assignment, nil:
            return record
        }
    }

    private func normalizedEvidence(_ items: [Evidence]) throws(Rejection) -> [Evidence] {
        // More items than allowed are refused by the rules; normalizing them first would be wasted work.
        guard items.count <= limits.evidenceItems else { return items }
        var normalized = items
        for index in normalized.indices {
            normalized[index].note = try normalized[index].note.map { text throws(Rejection) in
                try Validation.normalized(text, field: "evidence[\(index)].note", max: limits.evidenceNote)
            }
        }
        return normalized
    }
}
