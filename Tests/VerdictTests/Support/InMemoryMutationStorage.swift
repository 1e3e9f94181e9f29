import Foundation
import VerdictShared

@testable import VerdictServer

/// A ``MutationStorage`` in dictionaries, for testing ``MutationRules`` without a database.
///
/// It mirrors `SQLiteMutationStorage` and the SQLite schema it writes: the same rows (an article and its
/// revisions apart, upserts that keep what `ON CONFLICT DO UPDATE` keeps), the same reads (claims in text order,
/// user names matched ignoring ASCII case as `COLLATE NOCASE` does, other names and ids matched exactly), a change
/// log whose sequence starts at 1 and whose records are each record's `jsonText`, as SQLite stores them.
/// Publications are kept as that JSON and decoded on read, as SQLite keeps them. Every constraint of the schema that
/// the rules are meant never to meet (unique spans, one live verdict per reviewer and claim, foreign keys, checks)
/// is checked on save and throws ``ConstraintViolation``: a rule that relies on the database to refuse something is
/// a failing test here.
///
/// A class: the rules take storage by value and write through it. Not `Sendable`; one test owns it.
final class InMemoryMutationStorage: MutationStorage {
    /// A user row: the name as stored, role, whether disabled.
    struct StoredUser: Equatable {
        let name: String
        let role: Role
        let disabled: Bool
    }

    /// One row of the change log.
    struct Change: Equatable {
        let seq: Int64
        let type: RecordType
        let id: String
        let version: Int
        let deleted: Bool
        /// The record as this write left it, as SQLite stores it.
        let json: String
        /// Who made the write.
        let user: String
        /// The record's `updatedAt`.
        let createdAt: String
    }

    /// One audit entry (publications), without the time and address SQLite adds.
    struct AuditRecord: Equatable {
        let user: String
        let action: String
        let target: String
        let detail: String?
    }

    /// A write the SQLite schema would refuse.
    struct ConstraintViolation: Error, CustomStringConvertible {
        let description: String
    }

    /// The `articles` row.
    private struct ArticleRow {
        let id: String
        var version: Int
        var revision: Int
        let createdBy: String
        let createdAt: String
        var updatedAt: String
        var updatedBy: String
        var targetVerdicts: Int?
    }

    /// An `article_revisions` row.
    private struct RevisionRow {
        var title: String
        var source: String
        var url: String?
        var published: String?
        let body: String
        let scalars: [Unicode.Scalar]
        let contentHash: String
        let author: String
        let createdAt: String
    }

    /// A `publications` row: the claim column as first written, and the record as JSON.
    private struct PublicationRow {
        let claimId: String
        var json: String
    }

    /// Users by their name folded to ASCII lower case (the key `COLLATE NOCASE` compares).
    private var usersByKey: [String: StoredUser] = [:]
    private var articleRows: [String: ArticleRow] = [:]
    private var revisionRows: [String: [Int: RevisionRow]] = [:]
    private var claimRows: [String: Claim] = [:]
    private var verdictRows: [String: Verdict] = [:]
    private var publicationRows: [String: PublicationRow] = [:]
    private var assignmentRows: [String: Assignment] = [:]
    /// The change log, oldest first.
    private(set) var changes: [Change] = []
    /// The audit trail, oldest first.
    private(set) var auditTrail: [AuditRecord] = []

    /// An empty desk with the `system` user every SQLite database starts with (an admin that cannot sign in).
    init() {
        addUser("system", role: .admin, disabled: true)
    }

    /// Seeds a user, as `verdict-server users add` (and `users disable`) would leave them.
    func addUser(_ name: String, role: Role, disabled: Bool = false) {
        usersByKey[Self.nocase(name)] = StoredUser(name: name, role: role, disabled: disabled)
    }

    /// The sequence number of the last change, 0 before any.
    var lastSeq: Int64 { changes.last?.seq ?? 0 }

    /// The changes after `seq`, oldest first.
    func changes(after seq: Int64) -> [Change] {
        changes.filter { $0.seq > seq }
    }

    // MARK: What is stored, for comparisons

    var articleIDs: [String] { Self.sortedBytes(articleRows.keys) }
    var claimIDs: [String] { Self.sortedBytes(claimRows.keys) }
    var verdictIDs: [String] { Self.sortedBytes(verdictRows.keys) }
    var publicationIDs: [String] { Self.sortedBytes(publicationRows.keys) }
    var assignmentIDs: [String] { Self.sortedBytes(assignmentRows.keys) }
    /// Every user, by name as stored.
    var users: [StoredUser] { usersByKey.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) } }

    // MARK: Reads

    func article(id: String) throws -> Article? {
        guard let row = articleRows[id], let revision = revisionRows[id]?[row.revision] else { return nil }
        return Article(
            id: row.id, version: row.version, revision: row.revision, title: revision.title, source: revision.source,
            url: revision.url, published: revision.published, body: revision.body, contentHash: revision.contentHash,
            createdBy: row.createdBy, updatedBy: row.updatedBy, createdAt: row.createdAt, updatedAt: row.updatedAt,
            targetVerdicts: row.targetVerdicts)
    }

    func articleRevision(id: String) throws -> Int? { articleRows[id]?.revision }

    func articleScalars(id: String, revision: Int) throws -> [Unicode.Scalar]? {
        revisionRows[id]?[revision]?.scalars
    }

    func articleID(contentHash: String) throws -> String? {
        // Only current texts count; the rules keep them unique, so at most one matches.
        articleIDs.first { id in
            guard let row = articleRows[id] else { return false }
            return revisionRows[id]?[row.revision]?.contentHash == contentHash
        }
    }

    func claim(id: String) throws -> Claim? { claimRows[id] }

    func claimStatus(id: String) throws -> ClaimStatus? { claimRows[id]?.status }

    func activeClaims(articleId: String) throws -> [Claim] {
        claimRows.values.filter { $0.articleId == articleId && $0.status == .active }.sorted(by: Self.textOrder)
    }

    func claim(articleId: String, revision: Int, start: Int, end: Int) throws -> Claim? {
        claimRows.values.first {
            $0.articleId == articleId && $0.revision == revision && $0.start == start && $0.end == end
        }
    }

    func verdict(id: String) throws -> Verdict? { verdictRows[id] }

    func hasLiveVerdict(claimId: String, notBy reviewer: String) throws -> Bool {
        verdictRows.values.contains { $0.claimId == claimId && !$0.deleted && $0.reviewer != reviewer }
    }

    func liveVerdict(claimId: String, reviewer: String) throws -> Verdict? {
        verdictRows.values.first { $0.claimId == claimId && $0.reviewer == reviewer && !$0.deleted }
    }

    func publication(id: String) throws -> Publication? {
        try publicationRows[id].map { try Self.decodePublication($0.json) }
    }

    func publication(claimId: String) throws -> Publication? {
        try publicationRows.values.first { $0.claimId == claimId }.map { try Self.decodePublication($0.json) }
    }

    func groupVerdicts(claimId: String) throws -> [Verdict] {
        let appearances = Set(
            claimRows.values.filter { $0.linkedTo == claimId && $0.status == .active }.map(\.id))
        let live = verdictRows.values.filter {
            !$0.deleted && ($0.claimId == claimId || appearances.contains($0.claimId))
        }
        return ExportClaim.onePerReviewer(Array(live))
    }

    func appearanceCount(claimId: String) throws -> Int {
        claimRows.values.count(where: { $0.linkedTo == claimId })
    }

    func assignment(id: String) throws -> Assignment? { assignmentRows[id] }

    func liveAssignment(reviewer: String, claimId: String?, articleId: String?) throws -> Assignment? {
        assignmentRows.values.first { assignment in
            guard assignment.reviewer == reviewer, !assignment.deleted else { return false }
            if let claimId { return assignment.claimId == claimId }
            return assignment.articleId == (articleId ?? "")
        }
    }

    func user(name: String) throws -> (name: String, role: Role, disabled: Bool)? {
        usersByKey[Self.nocase(name)].map { ($0.name, $0.role, $0.disabled) }
    }

    // MARK: Writes

    func save(_ article: Article, by user: String) throws -> SavedChange {
        try requireUser(user, for: "changes.user")
        try requireUser(article.createdBy, for: "articles.created_by")
        try requireUser(article.updatedBy, for: "articles.updated_by")
        try check(article.version >= 1 && article.revision >= 1, "article \(article.id): version and revision >= 1")
        try check(RecordID.isValid(article.id), "article id '\(article.id)' is 1-64 characters")
        if let target = article.targetVerdicts {
            try check((1...100).contains(target), "article \(article.id): target_verdicts between 1 and 100")
        }
        var revisions = revisionRows[article.id] ?? [:]
        if var kept = revisions[article.revision] {
            // ON CONFLICT (article_id, revision) DO UPDATE: only the metadata; the text and its author stay.
            (kept.title, kept.source, kept.url, kept.published) = (
                article.title, article.source, article.url, article.published
            )
            revisions[article.revision] = kept
        } else {
            try check(!article.title.isEmpty, "article \(article.id): title is not empty")
            try check(!article.body.isEmpty, "article \(article.id): body is not empty")
            try check(article.contentHash.utf8.count == 64, "article \(article.id): content_hash is 64 characters")
            try requireUser(article.updatedBy, for: "article_revisions.author")
            revisions[article.revision] = RevisionRow(
                title: article.title, source: article.source, url: article.url, published: article.published,
                body: article.body, scalars: Array(article.body.unicodeScalars), contentHash: article.contentHash,
                author: article.updatedBy, createdAt: article.updatedAt)
        }
        if var row = articleRows[article.id] {
            // ON CONFLICT (id) DO UPDATE: who created it and when stay.
            row.version = article.version
            row.revision = article.revision
            row.updatedAt = article.updatedAt
            row.updatedBy = article.updatedBy
            row.targetVerdicts = article.targetVerdicts
            articleRows[article.id] = row
        } else {
            articleRows[article.id] = ArticleRow(
                id: article.id, version: article.version, revision: article.revision, createdBy: article.createdBy,
                createdAt: article.createdAt, updatedAt: article.updatedAt, updatedBy: article.updatedBy,
                targetVerdicts: article.targetVerdicts)
        }
        revisionRows[article.id] = revisions
        return try appendChange(.article(article), json: article.jsonText, by: user)
    }

    func save(_ claim: Claim, by user: String) throws -> SavedChange {
        try requireUser(user, for: "changes.user")
        try check(RecordID.isValid(claim.id), "claim id '\(claim.id)' is 1-64 characters")
        try check(claim.version >= 1, "claim \(claim.id): version >= 1")
        try check(!claim.quote.isEmpty, "claim \(claim.id): quote is not empty")
        try check(claim.start >= 0 && claim.end > claim.start, "claim \(claim.id): 0 <= start_offset < end_offset")
        var row = claim
        if let kept = claimRows[claim.id] {
            // ON CONFLICT (id) DO UPDATE keeps the article, the author and the creation time.
            row.articleId = kept.articleId
            row.createdBy = kept.createdBy
            row.createdAt = kept.createdAt
        } else {
            try requireUser(claim.createdBy, for: "claims.created_by")
        }
        try check(
            revisionRows[row.articleId]?[row.revision] != nil,
            "claim \(claim.id): article \(row.articleId) revision \(row.revision) exists (foreign key)")
        if let other = claimRows.values.first(where: {
            $0.id != row.id && $0.articleId == row.articleId && $0.revision == row.revision && $0.start == row.start
                && $0.end == row.end
        }) {
            throw ConstraintViolation(
                description: "claim \(claim.id) takes the span of claim \(other.id) (UNIQUE article, revision, span)")
        }
        if let target = row.linkedTo {
            try check(target == row.id || claimRows[target] != nil, "claim \(claim.id): linked_to \(target) exists")
        }
        claimRows[claim.id] = row
        return try appendChange(.claim(claim), json: claim.jsonText, by: user)
    }

    func save(_ verdict: Verdict, by user: String) throws -> SavedChange {
        try requireUser(user, for: "changes.user")
        try check(RecordID.isValid(verdict.id), "verdict id '\(verdict.id)' is 1-64 characters")
        try check(verdict.version >= 1, "verdict \(verdict.id): version >= 1")
        try check((0...1).contains(verdict.confidence), "verdict \(verdict.id): confidence between 0 and 1")
        var row = verdict
        if let kept = verdictRows[verdict.id] {
            // ON CONFLICT (id) DO UPDATE keeps the claim, the reviewer and the creation time.
            row.claimId = kept.claimId
            row.reviewer = kept.reviewer
            row.createdAt = kept.createdAt
        } else {
            try check(claimRows[verdict.claimId] != nil, "verdict \(verdict.id): claim \(verdict.claimId) exists")
            try requireUser(verdict.reviewer, for: "verdicts.reviewer")
        }
        if !row.deleted,
            let other = verdictRows.values.first(where: {
                $0.id != row.id && !$0.deleted && $0.claimId == row.claimId && $0.reviewer == row.reviewer
            })
        {
            throw ConstraintViolation(
                description: "verdict \(verdict.id) is a second live verdict of \(row.reviewer) on claim "
                    + "\(row.claimId), beside \(other.id) (verdicts_live)")
        }
        verdictRows[verdict.id] = row
        return try appendChange(.verdict(verdict), json: verdict.jsonText, by: user)
    }

    func save(_ publication: Publication, by user: String) throws -> SavedChange {
        try requireUser(user, for: "changes.user")
        try requireUser(publication.publishedBy, for: "publications.published_by")
        try check(RecordID.isValid(publication.id), "publication id '\(publication.id)' is 1-64 characters")
        try check(publication.version >= 1, "publication \(publication.id): version >= 1")
        let json = publication.jsonText
        if var row = publicationRows[publication.id] {
            // ON CONFLICT (id) DO UPDATE keeps the claim column; the record is replaced.
            row.json = json
            publicationRows[publication.id] = row
        } else {
            try check(
                claimRows[publication.claimId] != nil,
                "publication \(publication.id): claim \(publication.claimId) exists")
            if let other = publicationRows.first(where: { $0.value.claimId == publication.claimId }) {
                throw ConstraintViolation(
                    description: "publication \(publication.id) is a second one of claim \(publication.claimId), "
                        + "beside \(other.key) (UNIQUE claim_id)")
            }
            publicationRows[publication.id] = PublicationRow(claimId: publication.claimId, json: json)
        }
        return try appendChange(.publication(publication), json: json, by: user)
    }

    func save(_ assignment: Assignment, by user: String) throws -> SavedChange {
        try requireUser(user, for: "changes.user")
        try requireUser(assignment.assignedBy, for: "assignments.assigned_by")
        try check(RecordID.isValid(assignment.id), "assignment id '\(assignment.id)' is 1-64 characters")
        try check(assignment.version >= 1, "assignment \(assignment.id): version >= 1")
        if let due = assignment.due {
            try check(
                Self.isDayShaped(due),
                "assignment \(assignment.id): due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")
        }
        var row = assignment
        if let kept = assignmentRows[assignment.id] {
            // ON CONFLICT (id) DO UPDATE keeps the reviewer, the claim or article and the creation time.
            row.reviewer = kept.reviewer
            row.claimId = kept.claimId
            row.articleId = kept.articleId
            row.createdAt = kept.createdAt
        } else {
            try requireUser(assignment.reviewer, for: "assignments.reviewer")
            try check(
                (assignment.claimId == nil) != (assignment.articleId == nil),
                "assignment \(assignment.id): exactly one of claim_id and article_id")
            if let claim = assignment.claimId {
                try check(claimRows[claim] != nil, "assignment \(assignment.id): claim \(claim) exists")
            }
            if let article = assignment.articleId {
                try check(articleRows[article] != nil, "assignment \(assignment.id): article \(article) exists")
            }
        }
        if !row.deleted,
            let other = assignmentRows.values.first(where: {
                $0.id != row.id && !$0.deleted && $0.reviewer == row.reviewer
                    && (row.claimId != nil ? $0.claimId == row.claimId : $0.articleId == row.articleId)
            })
        {
            throw ConstraintViolation(
                description: "assignment \(assignment.id) is a second live one beside \(other.id) "
                    + "(assignments_live_claim / assignments_live_article)")
        }
        assignmentRows[assignment.id] = row
        return try appendChange(.assignment(assignment), json: assignment.jsonText, by: user)
    }

    func audit(by user: String, _ action: String, target: String, detail: String?) throws {
        auditTrail.append(AuditRecord(user: user, action: action, target: target, detail: detail))
    }

    // MARK: Helpers

    private func appendChange(_ record: AnyRecord, json: String, by user: String) throws -> SavedChange {
        if changes.contains(where: { $0.type == record.type && $0.id == record.id && $0.version == record.version }) {
            throw ConstraintViolation(
                description: "a second change of \(record.type.rawValue) \(record.id) version \(record.version) "
                    + "(UNIQUE type, record_id, version)")
        }
        let updatedAt: String =
            switch record {
            case .article(let article): article.updatedAt
            case .claim(let claim): claim.updatedAt
            case .verdict(let verdict): verdict.updatedAt
            case .publication(let publication): publication.updatedAt
            case .assignment(let assignment): assignment.updatedAt
            }
        let change = Change(
            seq: lastSeq + 1, type: record.type, id: record.id, version: record.version, deleted: record.isDeleted,
            json: json, user: user, createdAt: updatedAt)
        changes.append(change)
        return SavedChange(seq: change.seq, json: json)
    }

    private func requireUser(_ name: String, for column: String) throws {
        try check(usersByKey[Self.nocase(name)] != nil, "\(column) '\(name)' is a user (foreign key)")
    }

    private func check(_ condition: Bool, _ constraint: @autoclosure () -> String) throws {
        if !condition { throw ConstraintViolation(description: "constraint failed: \(constraint())") }
    }

    /// The name as SQLite's `NOCASE` collation compares it: ASCII letters folded to lower case, nothing else.
    static func nocase(_ name: String) -> String {
        String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The shape the schema's `CHECK` on `due` asks: four digits, '-', two digits, '-', two digits.
    static func isDayShaped(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10
            && bytes.indices.allSatisfy { index in
                index == 4 || index == 7 ? bytes[index] == 0x2D : (0x30...0x39).contains(bytes[index])
            }
    }

    /// Reading order within an article: start offset, then id as bytes (SQLite's `BINARY` collation).
    static func textOrder(_ a: Claim, _ b: Claim) -> Bool {
        if a.start != b.start { return a.start < b.start }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }

    private static func sortedBytes(_ keys: Dictionary<String, some Any>.Keys) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func decodePublication(_ json: String) throws -> Publication {
        try JSONDecoder().decode(Publication.self, from: Data(json.utf8))
    }
}
