import Foundation
import VerdictShared

/// What a batch of mutations needs from a backend beyond the rules' reads and writes: remembered outcomes, the
/// record a change left, and a savepoint around one mutation. All of it inside one write transaction.
protocol BatchStorage: MutationStorage {
    /// Reads ahead, in a few queries, what a long batch will look up one by one: the remembered outcomes under
    /// the batch's mutation ids when `remembering`, and the rows its mutations read. A backend may do nothing.
    func readAhead(_ mutations: [Mutation], user: String, remembering: Bool) throws
    /// The outcome stored for the user's mutation id, as stored.
    func rememberedOutcome(user: String, mutationId: String) throws -> RememberedOutcome?
    func remember(_ outcome: RememberedOutcome, user: String, mutationId: String, now: String) throws
    /// The record as the change that gave it this version left it, as JSON.
    func changedRecordJSON(type: RecordType, id: String, version: Int) throws -> String?
    /// Runs `body` so that when it throws, everything it wrote is undone and the transaction can go on.
    func withSavepoint<T>(_ body: () throws -> T) throws -> T
    /// The database's reason when `error` is a statement it refused (a constraint), nil for any other error.
    func refusal(in error: any Error) -> String?
    /// Drops what was read ahead or cached, after a savepoint undid writes the caches may reflect.
    func forgetCachedReads()
}

/// A mutation's outcome as the idempotency log keeps it: the hash of the request it answered and the result
/// without its record (every version of every record is in the change log already).
struct RememberedOutcome: Sendable, Equatable {
    let requestHash: String
    let resultJSON: String
}

/// Decides and applies a batch of mutations in order, one write transaction of a backend: the rules of a push
/// that are not about a single record. Each mutation is decided by ``MutationRules`` against the state the ones
/// before it left; with `remembering`, its outcome is stored under its mutation id, and a mutation whose id was
/// seen before (in an earlier push, or earlier in this batch) gets the stored answer and writes nothing.
///
/// A backend runs the batch unguarded first, since the rules check everything the schema does. When a
/// statement is refused after all (a race with another process, or a rule that misses a constraint), the
/// transaction is rolled back and the batch run again `guarded`: a savepoint per mutation, so that only the
/// refused one fails, with an outcome that is not remembered (a retry is decided afresh, and a racing
/// same-span claim then merges instead of failing).
struct MutationBatch: Sendable {
    let rules: MutationRules
    let identity: Identity
    let remembering: Bool

    /// Batches at least this long read their rows ahead: REST writes are batches of one, for which the point
    /// lookups are cheaper than preparing the batch queries.
    static let readAheadThreshold = 8

    /// Runs `mutations` as every backend does: each readied outside any transaction (``MutationRules/prepare``),
    /// then `transaction` (one write transaction of the backend, calling ``apply(_:in:guarded:now:)``) unguarded;
    /// when the backend's transaction failed on a statement it refused (`isRefusal`), once more guarded. Each
    /// transaction is timed into `metrics`, failed ones too.
    func run(
        _ mutations: [Mutation], metrics: ServerMetrics?, isRefusal: (any Error) -> Bool,
        transaction: (_ prepared: [PreparedMutation], _ guarded: Bool) async throws -> [MutationOutcome]
    ) async throws -> [MutationOutcome] {
        let prepared = mutations.map { rules.prepare($0, hashing: remembering) }
        func timed(guarded: Bool) async throws -> [MutationOutcome] {
            let start = ContinuousClock.now
            defer { metrics?.recordWriteTransaction(start.duration(to: .now)) }
            return try await transaction(prepared, guarded)
        }
        do {
            return try await timed(guarded: false)
        } catch  where isRefusal(error) {
            // The whole transaction rolled back: decide the batch again, a savepoint per mutation.
            return try await timed(guarded: true)
        }
    }

    func apply(
        _ mutations: [PreparedMutation], in storage: some BatchStorage, guarded: Bool, now: String
    ) throws -> [MutationOutcome] {
        if mutations.count >= Self.readAheadThreshold {
            try storage.readAhead(mutations.map(\.mutation), user: identity.name, remembering: remembering)
        }
        var outcomes: [MutationOutcome] = []
        outcomes.reserveCapacity(mutations.count)
        for prepared in mutations {
            let mutation = prepared.mutation
            if remembering,
                let stored = try storage.rememberedOutcome(user: identity.name, mutationId: mutation.mutationId)
            {
                outcomes.append(try answer(stored, to: prepared, in: storage))
                continue
            }
            var outcome: MutationOutcome
            var rememberable = true
            if guarded {
                do {
                    outcome = try storage.withSavepoint {
                        try rules.apply(prepared, by: identity, in: storage, now: now)
                    }
                } catch {
                    guard let reason = storage.refusal(in: error) else { throw error }
                    // The savepoint undid this mutation alone. Not remembered: a retry is decided afresh.
                    storage.forgetCachedReads()
                    rememberable = false
                    outcome = MutationOutcome(
                        MutationResult(
                            mutationId: mutation.mutationId, status: .rejected, type: mutation.type,
                            id: mutation.id.flatMap { RecordID.isValid($0) ? $0 : nil },
                            code: MutationCode.invalid.rawValue,
                            reason: "the database refused the change: \(reason)"))
                }
            } else {
                outcome = try rules.apply(prepared, by: identity, in: storage, now: now)
            }
            if remembering && rememberable {
                try storage.remember(
                    RememberedOutcome(requestHash: prepared.requestHash, resultJSON: outcome.storedJSON),
                    user: identity.name, mutationId: mutation.mutationId, now: now)
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// The answer a stored outcome gives to a mutation under the same id: the stored result with its record as
    /// the change log holds it, or a rejection when the id was used for a different request.
    private func answer(
        _ stored: RememberedOutcome, to prepared: PreparedMutation, in storage: some BatchStorage
    ) throws -> MutationOutcome {
        let mutationId = prepared.mutation.mutationId
        guard stored.requestHash == prepared.requestHash else {
            return MutationOutcome(
                MutationResult(
                    mutationId: mutationId, status: .rejected, type: nil,
                    code: MutationCode.mutationIdReused.rawValue,
                    reason: "mutation id \(mutationId) was already used for a different mutation; make a new id"))
        }
        var result = try JSONDecoder().decode(MutationResult.self, from: Data(stored.resultJSON.utf8))
        guard result.status != .rejected, let type = result.type, let id = result.id, let version = result.version,
            let recordJSON = try storage.changedRecordJSON(type: type, id: id, version: version)
        else { return MutationOutcome(result) }
        result.record = try AnyRecord(type, json: recordJSON)
        return MutationOutcome(result: result, json: result.jsonText(recordJSON: recordJSON))
    }
}
