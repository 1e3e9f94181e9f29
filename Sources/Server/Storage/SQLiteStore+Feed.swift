import GRDB
import VerdictShared

extension SQLiteStore {
    /// Most JSON bytes of records in one feed page (at least one change is always returned), so that pages
    /// of long articles stay small enough to hold in memory and to send over a bad connection.
    static let maxPageBytes = 4 * 1024 * 1024

    /// How many withheld changes one blind page passes over at most before it answers (with `hasMore`), so that
    /// a page costs bounded work even when most of the log is hidden from its reader.
    static let maxWithheldPerPage = 20_000

    func changes(since: Int64, limit: Int, visibility: VerdictVisibility) async throws -> RawChangesPage {
        let feed = feedID
        return try await pool.read { db in
            switch visibility {
            case .everything: return try Self.changes(since: since, limit: limit, feed: feed, db)
            case .blind(let reviewer):
                var page = BlindFeedPage(db: db, reviewer: reviewer, since: since, limit: limit)
                return try page.read(feed: feed)
            }
        }
    }

    private static func changes(since: Int64, limit: Int, feed: String, _ db: Database) throws -> RawChangesPage {
        let statement = try db.cachedStatement(
            sql: "SELECT seq, type, record_id, version, deleted, record FROM changes WHERE seq > ? ORDER BY seq LIMIT ?"
        )
        var entries: [RawChangesPage.Entry] = []
        entries.reserveCapacity(min(limit, 5_000))
        var bytes = 0
        let rows = try Row.fetchCursor(statement, arguments: [since, limit + 1])
        while let row = try rows.next() {
            if entries.count == limit || (bytes >= Self.maxPageBytes && !entries.isEmpty) {
                return RawChangesPage(entries: entries, next: entries.last?.seq ?? since, hasMore: true, feed: feed)
            }
            guard let type = RecordType(rawValue: row[1]) else { continue }
            let json: String = row[5]
            bytes += json.utf8.count
            entries.append(
                RawChangesPage.Entry(
                    seq: row[0], type: type, id: row[2], version: row[3], deleted: row[4], recordJSON: json))
        }
        return RawChangesPage(entries: entries, next: entries.last?.seq ?? since, hasMore: false, feed: feed)
    }
}

/// One page of the feed as a reviewer under blind review sees it (docs/PROTOCOL.md, "Blind review").
///
/// Another reviewer's verdict change on a claim this reader has not rated, and that is not published, is
/// withheld: left out of the page, which still moves the cursor past it. Each withheld change is released later,
/// at a change above any cursor the reader held while it was withheld: the reader's own first verdict on the
/// claim, or the claim's first publication. Delivering that change also delivers the current version of every other live verdict on the claim
/// that the reader's cursor had already passed (`since`), with the releasing change's `seq`. Verdicts first
/// written after `since` need no release: the reader may see them now, so they come in order as usual.
struct BlindFeedPage {
    let db: Database
    let reviewer: String
    let since: Int64
    let limit: Int
    /// Whether this reader may see others' verdicts on a claim, per claim id, for this page.
    private var visible: [String: Bool] = [:]

    init(db: Database, reviewer: String, since: Int64, limit: Int) {
        self.db = db
        self.reviewer = reviewer
        self.since = since
        self.limit = limit
    }

    mutating func read(feed: String) throws -> RawChangesPage {
        let scanned = limit + SQLiteStore.maxWithheldPerPage
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT c.seq, c.type, c.record_id, c.version, c.deleted, c.record, v.claim_id, v.reviewer
                    FROM changes c LEFT JOIN verdicts v ON c.type = 'verdict' AND v.id = c.record_id
                    WHERE c.seq > ? ORDER BY c.seq LIMIT ?
                    """),
            arguments: [since, scanned])
        var entries: [RawChangesPage.Entry] = []
        var delivered = 0
        var bytes = 0
        var examined = 0
        // The last change this page has dealt with, delivered or withheld: where the next page starts.
        var last = since
        while let row = try rows.next() {
            examined += 1
            if delivered == limit || (bytes >= SQLiteStore.maxPageBytes && delivered > 0) {
                return RawChangesPage(entries: entries, next: last, hasMore: true, feed: feed)
            }
            let seq: Int64 = row[0]
            guard let type = RecordType(rawValue: row[1]) else {
                last = seq
                continue
            }
            let claimId: String? = row[6]
            let author: String? = row[7]
            if type == .verdict, let claimId, let author, author != reviewer, try !maySee(claim: claimId) {
                last = seq
                continue
            }
            let json: String = row[5]
            let entry = RawChangesPage.Entry(
                seq: seq, type: type, id: row[2], version: row[3], deleted: row[4], recordJSON: json)
            entries.append(entry)
            delivered += 1
            bytes += json.utf8.count
            last = seq
            var releases: String?
            if type == .verdict, let claimId, author == reviewer, try isFirstVerdict(seq: seq, claim: claimId) {
                releases = claimId
            } else if type == .publication, entry.version == 1 {
                releases = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT claim_id FROM publications WHERE id = ?"), arguments: [entry.id])
            }
            if let releases {
                for released in try releasedVerdicts(claim: releases, at: seq) {
                    entries.append(released)
                    bytes += released.recordJSON.utf8.count
                }
            }
        }
        return RawChangesPage(entries: entries, next: last, hasMore: examined == scanned, feed: feed)
    }

    /// True once the reader has given a verdict of their own on the claim (a later delete does not hide the
    /// others again), or the claim is published.
    private mutating func maySee(claim: String) throws -> Bool {
        if let known = visible[claim] { return known }
        let maySee =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT \(SQLiteStore.visibleClaim("?1", reviewer: "?2"))"),
                arguments: [claim, reviewer]) ?? false
        visible[claim] = maySee
        return maySee
    }

    /// True when the change at `seq` is the reader's first verdict change on the claim: the one that releases.
    private func isFirstVerdict(seq: Int64, claim: String) throws -> Bool {
        let first = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT min(c.seq) FROM verdicts v
                    JOIN changes c ON c.type = 'verdict' AND c.record_id = v.id AND c.version = 1
                    WHERE v.claim_id = ? AND v.reviewer = ?
                    """),
            arguments: [claim, reviewer])
        return first == seq
    }

    /// The current version of every other live verdict on the claim first written at or below `since`, as
    /// entries carrying the releasing change's `seq`.
    private func releasedVerdicts(claim: String, at seq: Int64) throws -> [RawChangesPage.Entry] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT v.id, v.version, current.record FROM verdicts v
                    JOIN changes first ON first.type = 'verdict' AND first.record_id = v.id AND first.version = 1
                    JOIN changes current ON current.type = 'verdict' AND current.record_id = v.id
                        AND current.version = v.version
                    WHERE v.claim_id = ? AND v.reviewer != ? AND v.deleted = 0 AND first.seq <= ?
                    ORDER BY first.seq
                    """),
            arguments: [claim, reviewer, since])
        return rows.map {
            RawChangesPage.Entry(seq: seq, type: .verdict, id: $0[0], version: $0[1], deleted: false, recordJSON: $0[2])
        }
    }
}
