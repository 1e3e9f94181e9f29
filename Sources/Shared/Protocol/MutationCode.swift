/// Why a mutation ended as it did: the `code` of a ``MutationResult``, exactly as it is on the wire.
///
/// `MutationResult.code` stays a `String`, so that a client keeps reading answers from a newer server that
/// knows more codes; ``MutationResult/mutationCode`` reads it as this enum.
public enum MutationCode: String, Codable, Sendable, CaseIterable {
    /// `merged`: an existing claim already marks this span; `id` and `record` are that claim's.
    case sameSpan = "same-span"
    /// `conflict`: the record changed since `baseVersion`.
    case stale
    /// `conflict`: a create (a write without `baseVersion`) named an id that exists.
    case exists
    /// `conflict`: the reviewer already has another live verdict on the claim.
    case liveVerdictExists = "live-verdict-exists"
    /// `conflict`: the record is already deleted (a verdict) or withdrawn (a claim).
    case deleted
    /// `rejected`: the mutation is malformed or fails validation (or the database refused it).
    case invalid
    /// `rejected`: the user's role may not do this, or the verdict belongs to someone else.
    case forbidden
    /// `rejected`: a record the mutation names or refers to does not exist.
    case notFound = "not-found"
    /// `rejected`: another article's current text is exactly this body.
    case duplicate
    /// `rejected`: the mutation id was used earlier for a different mutation.
    case mutationIdReused = "mutation-id-reused"
    /// `conflict`: the claim is already published under another publication id; `record` is that publication
    /// (publish a correction of it instead).
    case alreadyPublished = "already-published"
    /// `merged`: the reviewer already has a live assignment of this claim or article under another id;
    /// `record` is it. Not an error.
    case sameAssignment = "same-assignment"
}
