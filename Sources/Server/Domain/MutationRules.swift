import VerdictShared

/// Decides each mutation against the current state: who may do it, whether it is valid, whether it is
/// based on the current version. Pure logic over a ``MutationStorage``, shared by every backend.
struct MutationRules: Sendable {
    let scale: VerdictScale
    var limits = ContentLimits()
    /// The publication quorum.
    var workflow = DeskWorkflow()

    /// The outcome of one mutation, readied by ``prepare(_:hashing:)``; `applied` outcomes were written through
    /// `storage`.
    func apply(
        _ prepared: PreparedMutation, by identity: Identity, in storage: some MutationStorage, now: String
    ) throws -> MutationOutcome {
        let mutation = prepared.mutation
        let outcome: Outcome
        do {
            if let refusal = prepared.refusal { throw refusal }
            switch mutation.type {
            case .article: outcome = try applyArticle(mutation, by: identity, in: storage, now: now)
            case .claim: outcome = try applyClaim(mutation, by: identity, in: storage, now: now)
            case .verdict: outcome = try applyVerdict(mutation, by: identity, in: storage, now: now)
            case .publication: outcome = try applyPublication(mutation, by: identity, in: storage, now: now)
            case .assignment: outcome = try applyAssignment(mutation, by: identity, in: storage, now: now)
            }
        } catch let rejection as Rejection {
            return MutationOutcome(
                MutationResult(
                    mutationId: mutation.mutationId, status: .rejected, type: mutation.type,
                    id: mutation.id.flatMap { RecordID.isValid($0) ? $0 : nil }, code: rejection.code.rawValue,
                    reason: rejection.reason))
        }
        switch outcome {
        case .applied(let record, let saved):
            return MutationOutcome(
                MutationResult(
                    mutationId: mutation.mutationId, status: .applied, type: record.type, id: record.id,
                    version: record.version, seq: saved.seq, record: record),
                recordJSON: saved.json)
        case .merged(let record):
            let (code, reason): (MutationCode, String) =
                record.type == .assignment
                ? (.sameAssignment, "assignment \(record.id) already asks this of the reviewer; use its id")
                : (.sameSpan, "claim \(record.id) already marks this span; use its id")
            return MutationOutcome(
                MutationResult(
                    mutationId: mutation.mutationId, status: .merged, type: record.type, id: record.id,
                    version: record.version, code: code.rawValue, reason: reason, record: record))
        case .conflict(let code, let reason, let current):
            return MutationOutcome(
                MutationResult(
                    mutationId: mutation.mutationId, status: .conflict, type: current.type, id: current.id,
                    version: current.version, code: code.rawValue, reason: reason, record: current))
        }
    }

    enum Outcome {
        case applied(AnyRecord, SavedChange)
        case merged(AnyRecord)
        /// Not written: `stale`, `exists`, `live-verdict-exists` or `deleted`, and the server's record.
        case conflict(MutationCode, String, current: AnyRecord)
    }

    /// Why a mutation is refused: `invalid`, `forbidden`, `not-found` or `duplicate`.
    struct Rejection: Error {
        let code: MutationCode
        let reason: String

        static func invalid(_ reason: String) -> Rejection { Rejection(code: .invalid, reason: reason) }
        static func forbidden(_ reason: String) -> Rejection { Rejection(code: .forbidden, reason: reason) }
        static func notFound(_ reason: String) -> Rejection { Rejection(code: .notFound, reason: reason) }
    }

    /// The record id a mutation names, checked; nil for a create that names none.
    func recordID(of mutation: Mutation) throws(Rejection) -> String? {
        if let top = mutation.id, let inner = mutation.record?.id, top != inner {
            throw .invalid("the mutation names id '\(top)' but its record names '\(inner)'")
        }
        guard let id = mutation.id ?? mutation.record?.id else { return nil }
        guard RecordID.isValid(id) else {
            throw .invalid("id '\(id.prefix(80))' must be 1-64 letters, digits, '-' or '_'")
        }
        return id
    }

    /// Conflict for a write whose base version does not match `current`, if any.
    func versionConflict(_ mutation: Mutation, current: AnyRecord) throws(Rejection) -> Outcome? {
        guard let base = mutation.baseVersion else {
            if mutation.op == .delete {
                throw .invalid("a delete must name the baseVersion it was made from (now \(current.version))")
            }
            return .conflict(
                .exists, "\(current.type.rawValue) \(current.id) already exists (version \(current.version))",
                current: current)
        }
        guard base == current.version else {
            return .conflict(
                .stale,
                "\(current.type.rawValue) \(current.id) is at version \(current.version), "
                    + "not \(base): it changed since you read it", current: current)
        }
        return nil
    }

    /// Rejects a base version on a record that does not exist.
    func requireAbsentBase(_ mutation: Mutation, id: String?) throws(Rejection) {
        if let base = mutation.baseVersion {
            throw .notFound(
                "\(mutation.type.rawValue) \(id ?? "(no id)") does not exist, so it cannot have version \(base)")
        }
    }
}
