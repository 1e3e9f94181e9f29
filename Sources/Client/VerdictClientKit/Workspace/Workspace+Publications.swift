import Foundation
import GRDB
import VerdictShared

/// A claim's publication as the workspace has it: the server's current version, and an editor's unpushed edit.
public struct PublicationEntry: Encodable, Sendable, Equatable {
    public let claimId: String
    public let quote: String
    public let articleTitle: String
    /// The current version pulled from the server, nil when only a local edit exists.
    public let published: Publication?
    /// Every version pulled, oldest first (corrections are later versions).
    public let versions: [Publication]
    /// `pending`, `conflict` or `rejected` when an edit of this publication waits in the outbox.
    public let local: String?
    /// The server's reason for a conflict or a rejection.
    public let localReason: String?
    /// The label the unpushed edit publishes (nil: the consensus label, decided by the server).
    public let localLabel: String?
}

/// A claim an editor may want to publish: not yet published, and either ready (its consensus meets the desk's
/// quorum, so it can be published without a reason) or disputed (enough verdicts, but no consensus that does).
public struct ReadyClaim: Encodable, Sendable, Equatable {
    public enum Standing: String, Encodable, Sendable {
        case ready
        case disputed
    }

    public let claimId: String
    public let quote: String
    public let articleTitle: String
    public let standing: Standing
    /// For a disputed claim, why publishing it needs a reason.
    public let why: String?
    /// The majority label, nil on a tie.
    public let label: String?
    public let probability: Double
    public let verdicts: Int
}

/// What `publish` queued.
public struct PublishPlan: Sendable, Equatable {
    public let claimId: String
    public let label: String
    /// True for a correction of a published verdict (a new version).
    public let isCorrection: Bool
    /// Why the publication needed a reason (it overrules the consensus or skips the quorum), if it did.
    public let reasonNeeded: String?
}

/// What an editor asks to publish. For a correction, what is left out is kept from the current publication
/// (evidence given replaces the evidence it had).
public struct PublishRequest: Sendable, Equatable {
    public var label: String?
    public var summary: String?
    public var evidence: [Evidence] = []
    public var claimAuthor: String?
    public var reason: String?
    public var correction: String?

    public init(
        label: String? = nil, summary: String?, evidence: [Evidence] = [], claimAuthor: String? = nil,
        reason: String? = nil, correction: String? = nil
    ) {
        self.label = label
        self.summary = summary
        self.evidence = evidence
        self.claimAuthor = claimAuthor
        self.reason = reason
        self.correction = correction
    }
}

extension Workspace {
    /// Queues the publication of a claim's desk verdict (editors), checked here as the server will check it:
    /// without a label the consensus label is published, and a label against the consensus or a claim short
    /// of the desk's quorum needs a reason. On a published claim this is a correction and needs a correction note.
    @discardableResult
    public func publish(claim prefix: String, _ request: PublishRequest) throws -> PublishPlan {
        let user = try identity().user
        try requireEditor("publish verdicts")
        let scale = try scale()
        let workflow = try desk().workflow
        return try db.write { db in
            let id = try Self.claimID(prefix, db)
            guard let claim = try Self.anyClaim(id: id, db) else { throw ClientError("no claim \(id)") }
            guard claim.status == "active" else {
                throw ClientError("claim \(id) is withdrawn; it cannot be published")
            }
            if let primary = try Self.claim(id: id, db)?.linkedTo {
                throw ClientError(
                    "claim \(id.prefix(8)) is an appearance of claim \(primary.prefix(8)); publish that one "
                        + "(verdicts on every appearance count there)")
            }
            let current = try Self.publicationVersions(claimId: id, db).last
            guard let summary = request.summary ?? current?.summary,
                !summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { throw ClientError("a publication needs a short public summary (--summary)") }
            let consensus = try Self.localConsensus(claimId: id, user: user, scale: scale, db)
            guard let label = request.label ?? current?.label ?? consensus.label else {
                throw ClientError(
                    consensus.verdicts == 0
                        ? "claim \(id) has no verdicts here, so there is no consensus to publish; give --label"
                        : "the verdicts on claim \(id) tie, so there is no consensus to publish; give --label")
            }
            guard scale.label(label) != nil else {
                throw ClientError(
                    "'\(label)' is not on the desk's scale; use one of: "
                        + scale.labels.map(\.id).joined(separator: ", "))
            }
            let why = workflow.reasonNeeded(publishing: label, consensus: consensus)
            let reason =
                request.reason.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
                ?? current?.reason
            if let why, reason == nil {
                throw ClientError("\(why); give --reason to publish it anyway (the reason is recorded)")
            }
            let edits = try Self.entries(where: "type = 'publication' AND claim_id = ?", [id], db)
            if let conflict = edits.first(where: { $0.state == .conflict }) {
                throw ClientError(
                    "the publication of claim \(id) has a conflict (\(conflict.reason ?? "changed on the server")); "
                        + "pull, then publish again")
            }
            let correction = request.correction.flatMap {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
            }
            if current != nil, correction == nil {
                throw ClientError(
                    "claim \(id) is already published (version \(current!.version)); a correction needs --correction "
                        + "saying what changed")
            }
            let input = PublicationInput(
                id: current?.id ?? edits.last?.mutation.id ?? RecordID.make(), claimId: id, label: label,
                summary: summary, evidence: request.evidence.isEmpty ? (current?.evidence ?? []) : request.evidence,
                claimAuthor: request.claimAuthor ?? current?.claimAuthor, reason: reason,
                correction: current == nil ? nil : correction)
            let mutation = Mutation(
                mutationId: RecordID.make(), type: .publication, op: .put, id: input.id, baseVersion: current?.version,
                record: .publication(input))
            if let latest = edits.last, !latest.sent || latest.state == .rejected {
                try Self.replace(latest, with: mutation, claimId: id, db)
            } else {
                try Self.enqueue(mutation, claimId: id, db)
            }
            return PublishPlan(claimId: id, label: label, isCorrection: current != nil, reasonNeeded: why)
        }
    }

    /// Every claim published here or with a publication waiting in the outbox, newest publication first.
    public func publications() throws -> [PublicationEntry] {
        try db.read { db in
            var claims = try String.fetchAll(db, sql: "SELECT DISTINCT claim_id FROM publications")
            for entry in try Self.entries(where: "type = 'publication'", [], db) {
                if let claim = entry.claimId, !claims.contains(claim) { claims.append(claim) }
            }
            return try claims.map { try Self.publicationEntry(claimId: $0, db) }
                .sorted { ($0.published?.updatedAt ?? "~") > ($1.published?.updatedAt ?? "~") }
        }
    }

    /// One claim's publication history (by id or unique prefix).
    public func publication(claim prefix: String) throws -> PublicationEntry {
        try db.read { db in try Self.publicationEntry(claimId: try Self.claimID(prefix, db), db) }
    }

    /// Unpublished claims an editor can publish without a reason (their consensus meets the desk's quorum), then
    /// disputed ones (enough verdicts but no such consensus), each in reading order. Claims short of the quorum's
    /// number of verdicts are left out: they need reviewers first.
    public func readyToPublish() throws -> [ReadyClaim] {
        let scale = try scale()
        let workflow = try desk().workflow
        return try db.read { db in
            let published = Set(try String.fetchAll(db, sql: "SELECT DISTINCT claim_id FROM publications"))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, json_extract(c.json, '$.quote'), json_extract(a.json, '$.title') FROM claims c
                    JOIN articles a ON a.id = c.article_id
                    WHERE c.status = 'active' AND c.linked_to IS NULL ORDER BY c.article_id, c.start_offset, c.id
                    """)
            var ready: [ReadyClaim] = []
            var disputed: [ReadyClaim] = []
            let linked = try Self.appearances(of: rows.map { $0[0] }, db)
            var verdicts = try Self.liveVerdicts(ofClaims: rows.map { $0[0] } + linked.map(\.id), db)
            // An appearance's verdicts count toward the claim it appears as, one per reviewer.
            for appearance in linked {
                guard let primary = appearance.linkedTo else { continue }
                verdicts[primary] = ExportClaim.onePerReviewer(
                    (verdicts[primary] ?? []) + (verdicts[appearance.id] ?? []))
            }
            for row in rows {
                let id: String = row[0]
                guard !published.contains(id) else { continue }
                let consensus = PublishedConsensus.majority(of: (verdicts[id] ?? []).map(\.label), scale: scale)
                guard consensus.verdicts >= workflow.quorumVerdicts else { continue }
                let why = workflow.reasonNeeded(publishing: consensus.label ?? "", consensus: consensus)
                let item = ReadyClaim(
                    claimId: id, quote: row[1], articleTitle: row[2], standing: why == nil ? .ready : .disputed,
                    why: why, label: consensus.label, probability: consensus.probability,
                    verdicts: consensus.verdicts)
                if why == nil { ready.append(item) } else { disputed.append(item) }
            }
            return ready + disputed
        }
    }

    static func publicationVersions(claimId: String, _ db: Database) throws -> [Publication] {
        try String.fetchAll(
            db, sql: "SELECT json FROM publications WHERE claim_id = ? ORDER BY version", arguments: [claimId]
        ).map { try decode(Publication.self, $0) }
    }

    /// The current publication of each claim, for exports.
    static func currentPublications(ofClaims claims: [String], _ db: Database) throws -> [String: Publication] {
        var result: [String: Publication] = [:]
        for chunk in claims.inListChunks(of: 500) {
            let rows = try String.fetchCursor(
                db,
                sql: """
                    SELECT json FROM publications p WHERE claim_id IN (\(chunk.placeholders))
                    AND version = (SELECT max(version) FROM publications q WHERE q.claim_id = p.claim_id)
                    """, arguments: StatementArguments(chunk.values))
            while let json = try rows.next() {
                let publication = try decode(Publication.self, json)
                result[publication.claimId] = publication
            }
        }
        return result
    }

    private static func publicationEntry(claimId: String, _ db: Database) throws -> PublicationEntry {
        let versions = try publicationVersions(claimId: claimId, db)
        let claim = try anyClaim(id: claimId, db)
        let title =
            try claim.flatMap {
                try String.fetchOne(
                    db, sql: "SELECT json_extract(json, '$.title') FROM articles WHERE id = ?",
                    arguments: [$0.articleId])
            } ?? ""
        let edit = try entries(where: "type = 'publication' AND claim_id = ?", [claimId], db).last
        var localLabel: String?
        if case .publication(let input)? = edit?.mutation.record { localLabel = input.label }
        return PublicationEntry(
            claimId: claimId, quote: claim?.quote ?? "", articleTitle: title, published: versions.last,
            versions: versions, local: edit?.state.rawValue, localReason: edit?.reason, localLabel: localLabel)
    }

    /// The claim's majority vote as the server will count it when this workspace's edits are pushed: the
    /// pulled live verdicts of others, and the user's own as it stands here.
    static func localConsensus(
        claimId: String, user: String, scale: VerdictScale, _ db: Database
    ) throws
        -> PublishedConsensus
    {
        // The claim's verdicts and its appearances', one per reviewer, as the server counts them.
        let group = [claimId] + (try appearances(of: [claimId], db).map(\.id))
        let live = try liveVerdicts(ofClaims: group, db).values.flatMap { $0 }
        var verdicts = ExportClaim.onePerReviewer(live.filter { $0.reviewer != user || group.count > 1 })
        if let mine = try localVerdict(claimId: claimId, user: user, db).input {
            verdicts.removeAll { $0.reviewer == user }
            verdicts.append(
                Verdict(
                    id: mine.id ?? "", version: 1, claimId: claimId, reviewer: user, label: mine.label,
                    confidence: mine.confidence ?? 1, rationale: "", evidence: [], deleted: false, createdAt: "",
                    updatedAt: ""))
        }
        return PublishedConsensus.majority(of: verdicts.map(\.label), scale: scale)
    }

    static func majority(_ verdicts: [Verdict], scale: VerdictScale) -> Consensus.Outcome? {
        let votes = verdicts.compactMap { verdict in
            scale.labels.firstIndex { $0.id == verdict.label }.map { Vote(rater: 0, label: Int32($0)) }
        }
        return Consensus.majorityOutcome(votes[...], labels: scale.labels.count)
    }
}
