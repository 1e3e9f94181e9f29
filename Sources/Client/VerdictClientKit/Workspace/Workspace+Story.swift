import Foundation
import GRDB
import VerdictShared

/// A claim's whole story as this workspace has seen it: marking, withdrawal and restoring, re-anchoring by
/// corrections, every verdict version, every publication, its assignments (their current state: when each was
/// made, and when it was withdrawn), and the user's unpushed edits.
public struct ClaimStory: Encodable, Sendable {
    public struct Event: Encodable, Sendable {
        /// `marked`, `withdrawn`, `restored`, `moved`, `orphaned`, `anchored`, `verdict`, `published`,
        /// `corrected`, `assigned`, `unassigned`, `linked` (as an appearance of `linkedTo`), `unlinked`.
        public let kind: String
        public let at: String
        /// Who: the reviewer or editor when the record says so, nil when it does not (a re-anchoring is the
        /// server's, after an editor's correction).
        public let by: String?
        public let version: Int
        /// For a claim event: the article revision it then sat on.
        public let revision: Int?
        public let verdict: VerdictHistoryEntry?
        public let publication: Publication?
        /// For a `linked` event: the claim it became an appearance of.
        public var linkedTo: String? = nil
        /// For an assignment event: the assignment (of the claim, or of its article) as last pulled.
        public var assignment: Assignment? = nil
    }

    public let claimId: String
    public let quote: String
    /// True when blind review keeps other reviewers' verdicts on this claim out of this workspace until the
    /// user has rated it (or an editor publishes it).
    public let othersHidden: Bool
    /// True when the user has rated it here but not pushed yet: under blind review, the others' verdicts come
    /// with the next sync.
    public let othersAfterSync: Bool
    public let events: [Event]
}

extension Workspace {
    /// The story of a claim (by id or unique prefix), oldest first.
    public func claimStory(claim prefix: String) throws -> ClaimStory {
        let user = try identity().user
        let verdicts = try verdictHistory(claim: prefix)
        let blind = try othersVerdictsWithheld()
        return try db.read { db in
            let id = try Self.claimID(prefix, db)
            var events: [ClaimStory.Event] = []
            var previous: Claim?
            for json in try String.fetchAll(
                db, sql: "SELECT json FROM claim_history WHERE id = ? ORDER BY version", arguments: [id])
            {
                let claim = try Self.decode(Claim.self, json)
                let kind: String
                if let before = previous {
                    if before.linkedTo != claim.linkedTo {
                        kind = claim.linkedTo == nil ? "unlinked" : "linked"
                    } else if before.status != claim.status {
                        kind = claim.status == .withdrawn ? "withdrawn" : "restored"
                    } else {
                        kind = claim.anchoring.rawValue == "exact" ? "anchored" : claim.anchoring.rawValue
                    }
                } else {
                    kind = "marked"
                }
                events.append(
                    ClaimStory.Event(
                        kind: kind, at: previous == nil ? claim.createdAt : claim.updatedAt,
                        by: previous == nil ? claim.createdBy : nil, version: claim.version, revision: claim.revision,
                        verdict: nil, publication: nil, linkedTo: claim.linkedTo))
                previous = claim
            }
            for entry in verdicts {
                events.append(
                    ClaimStory.Event(
                        kind: "verdict", at: entry.at, by: entry.reviewer, version: entry.version, revision: nil,
                        verdict: entry, publication: nil))
            }
            for publication in try Self.publicationVersions(claimId: id, db) {
                events.append(
                    ClaimStory.Event(
                        kind: publication.version == 1 ? "published" : "corrected", at: publication.updatedAt,
                        by: publication.publishedBy, version: publication.version, revision: nil, verdict: nil,
                        publication: publication))
            }
            let claim = try Self.anyClaim(id: id, db)
            for json in try String.fetchAll(
                db, sql: "SELECT json FROM assignments WHERE claim_id = ? OR article_id = ?",
                arguments: [id, claim?.articleId])
            {
                let assignment = try Self.decode(Assignment.self, json)
                events.append(
                    ClaimStory.Event(
                        kind: "assigned", at: assignment.createdAt,
                        by: assignment.deleted ? nil : assignment.assignedBy, version: 1, revision: nil, verdict: nil,
                        publication: nil, assignment: assignment))
                if assignment.deleted {
                    events.append(
                        ClaimStory.Event(
                            kind: "unassigned", at: assignment.updatedAt, by: assignment.assignedBy,
                            version: assignment.version, revision: nil, verdict: nil, publication: nil,
                            assignment: assignment))
                }
            }
            let ratedOnServer =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM verdicts WHERE claim_id = ? AND reviewer = ?)",
                    arguments: [id, user]) ?? false
            let ratedHere = try !Self.verdictEntries(claimId: id, db).isEmpty
            let published = try !Self.publicationVersions(claimId: id, db).isEmpty
            let withheld = blind && !ratedOnServer && !published
            return ClaimStory(
                claimId: id, quote: claim?.quote ?? "", othersHidden: withheld && !ratedHere,
                othersAfterSync: withheld && ratedHere,
                events: events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
                    .map(\.element))
        }
    }
}
