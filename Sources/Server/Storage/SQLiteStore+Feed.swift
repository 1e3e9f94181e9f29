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
                var page = BlindFeedPage(
                    reads: SQLiteMutationStorage(db: db), reviewer: reviewer, since: since, limit: limit)
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

extension SQLiteMutationStorage: FeedReads {
    func changeRows(after seq: Int64, limit: Int) throws -> [FeedRow] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT c.seq, c.type, c.record_id, c.version, c.deleted, c.record, v.claim_id, v.reviewer
                    FROM changes c LEFT JOIN verdicts v ON c.type = 'verdict' AND v.id = c.record_id
                    WHERE c.seq > ? ORDER BY c.seq LIMIT ?
                    """),
            arguments: [seq, limit]
        ).map {
            FeedRow(
                seq: $0[0], type: $0[1], id: $0[2], version: $0[3], deleted: $0[4], recordJSON: $0[5], claimId: $0[6],
                author: $0[7])
        }
    }

    func maySee(claim: String, reviewer: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT \(SQLiteStore.visibleClaim("?1", reviewer: "?2"))"),
            arguments: [claim, reviewer]) ?? false
    }

    func firstVerdictSeq(claim: String, reviewer: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT min(c.seq) FROM verdicts v
                    JOIN changes c ON c.type = 'verdict' AND c.record_id = v.id AND c.version = 1
                    WHERE v.claim_id = ? AND v.reviewer = ?
                    """),
            arguments: [claim, reviewer])
    }

    func publicationClaim(id: String) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT claim_id FROM publications WHERE id = ?"), arguments: [id])
    }

    func othersLiveVerdicts(
        claim: String, notBy reviewer: String, firstWrittenBy seq: Int64
    ) throws
        -> [FeedRow]
    {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT v.id, v.version, current.record FROM verdicts v
                    JOIN changes first ON first.type = 'verdict' AND first.record_id = v.id AND first.version = 1
                    JOIN changes current ON current.type = 'verdict' AND current.record_id = v.id
                        AND current.version = v.version
                    WHERE v.claim_id = ? AND v.reviewer != ? AND v.deleted = 0 AND first.seq <= ?
                    ORDER BY first.seq
                    """),
            arguments: [claim, reviewer, seq]
        ).map {
            FeedRow(
                seq: seq, type: RecordType.verdict.rawValue, id: $0[0], version: $0[1], deleted: false,
                recordJSON: $0[2], claimId: claim, author: nil)
        }
    }
}
