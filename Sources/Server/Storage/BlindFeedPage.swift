import VerdictShared

/// One page of the feed as a reviewer under blind review sees it (docs/PROTOCOL.md, "Blind review").
///
/// Another reviewer's verdict change on a claim this reader has not rated, and that is not published, is
/// withheld: left out of the page, which still moves the cursor past it. Each withheld change is released later,
/// at a change above any cursor the reader held while it was withheld: the reader's own first verdict on the
/// claim, or the claim's first publication. Delivering that change also delivers the current version of every other live verdict on the claim
/// that the reader's cursor had already passed (`since`), with the releasing change's `seq`. Verdicts first
/// written after `since` need no release: the reader may see them now, so they come in order as usual.
struct BlindFeedPage<Reads: FeedReads> {
    let reads: Reads
    let reviewer: String
    let since: Int64
    let limit: Int
    /// Whether this reader may see others' verdicts on a claim, per claim id, for this page.
    private var visible: [String: Bool] = [:]

    /// How many changes one read fetches.
    static var chunk: Int { 1_000 }

    init(reads: Reads, reviewer: String, since: Int64, limit: Int) {
        self.reads = reads
        self.reviewer = reviewer
        self.since = since
        self.limit = limit
    }

    mutating func read(feed: String) throws -> RawChangesPage {
        let scanned = limit + SQLiteStore.maxWithheldPerPage
        var entries: [RawChangesPage.Entry] = []
        var delivered = 0
        var bytes = 0
        var examined = 0
        // The last change this page has dealt with, delivered or withheld: where the next page starts.
        var last = since
        while examined < scanned {
            let wanted = min(Self.chunk, scanned - examined)
            let rows = try reads.changeRows(after: last, limit: wanted)
            for row in rows {
                examined += 1
                if delivered == limit || (bytes >= SQLiteStore.maxPageBytes && delivered > 0) {
                    return RawChangesPage(entries: entries, next: last, hasMore: true, feed: feed)
                }
                let seq = row.seq
                guard let type = RecordType(rawValue: row.type) else {
                    last = seq
                    continue
                }
                if type == .verdict, let claimId = row.claimId, let author = row.author, author != reviewer,
                    try !maySee(claim: claimId)
                {
                    last = seq
                    continue
                }
                let entry = RawChangesPage.Entry(
                    seq: seq, type: type, id: row.id, version: row.version, deleted: row.deleted,
                    recordJSON: row.recordJSON)
                entries.append(entry)
                delivered += 1
                bytes += row.recordJSON.utf8.count
                last = seq
                var releases: String?
                if type == .verdict, let claimId = row.claimId, row.author == reviewer,
                    try reads.firstVerdictSeq(claim: claimId, reviewer: reviewer) == seq
                {
                    releases = claimId
                } else if type == .publication, entry.version == 1 {
                    releases = try reads.publicationClaim(id: entry.id)
                }
                if let releases {
                    // Every other live verdict on the claim that the reader's cursor had already passed, now.
                    for released in try reads.othersLiveVerdicts(
                        claim: releases, notBy: reviewer, firstWrittenBy: since)
                    {
                        entries.append(
                            RawChangesPage.Entry(
                                seq: seq, type: .verdict, id: released.id, version: released.version, deleted: false,
                                recordJSON: released.recordJSON))
                        bytes += released.recordJSON.utf8.count
                    }
                }
            }
            if rows.count < wanted {
                return RawChangesPage(entries: entries, next: last, hasMore: false, feed: feed)
            }
        }
        return RawChangesPage(entries: entries, next: last, hasMore: true, feed: feed)
    }

    /// True once the reader has given a verdict of their own on the claim (a later delete does not hide the
    /// others again), or the claim is published.
    private mutating func maySee(claim: String) throws -> Bool {
        if let known = visible[claim] { return known }
        let maySee = try reads.maySee(claim: claim, reviewer: reviewer)
        visible[claim] = maySee
        return maySee
    }
}

/// What a blind feed page reads, from one snapshot of a backend.
protocol FeedReads {
    /// The changes after `seq`, in order, at most `limit`; a verdict change with its claim and reviewer.
    func changeRows(after seq: Int64, limit: Int) throws -> [FeedRow]
    /// Whether `reviewer` may see others' verdicts on the claim: they rated it (ever) or it is published.
    func maySee(claim: String, reviewer: String) throws -> Bool
    /// The sequence number of the reviewer's first verdict change on the claim.
    func firstVerdictSeq(claim: String, reviewer: String) throws -> Int64?
    func publicationClaim(id: String) throws -> String?
    /// The current version of every other reviewer's live verdict on the claim first written at or below `seq`,
    /// in the order they were first written.
    func othersLiveVerdicts(claim: String, notBy reviewer: String, firstWrittenBy seq: Int64) throws -> [FeedRow]
}

/// One change as a feed page reads it.
struct FeedRow {
    let seq: Int64
    let type: String
    let id: String
    let version: Int
    let deleted: Bool
    let recordJSON: String
    /// For a verdict change: the verdict's claim and reviewer.
    let claimId: String?
    let author: String?
}
