import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import VerdictShared

extension PostgresStore {
    func changes(since: Int64, limit: Int, visibility: VerdictVisibility) async throws -> RawChangesPage {
        switch visibility {
        case .everything: return try await changes(since: since, limit: limit)
        case .blind(let reviewer):
            let feed = try feedID
            return try await read { storage in
                var page = BlindFeedPage(reads: storage, reviewer: reviewer, since: since, limit: limit)
                return try page.read(feed: feed)
            }
        }
    }

    func article(id: String, revision: Int?) async throws -> Article? {
        try await read { try $0.article(id: id, revision: revision) }
    }

    func articleRevisions(id: String) async throws -> [ArticleRevisionSummary] {
        try await read { storage in
            try storage.rows(
                """
                SELECT revision, title, content_hash, author, created_at FROM article_revisions
                WHERE article_id = \(id) ORDER BY revision
                """
            ).map {
                ArticleRevisionSummary(
                    revision: try $0[0].decode(Int.self), title: try $0[1].decode(String.self),
                    contentHash: try $0[2].decode(String.self), author: try $0[3].decode(String.self),
                    createdAt: try $0[4].decode(String.self))
            }
        }
    }

    func articles(after: String?, limit: Int) async throws -> [ArticleSummary] {
        try await read { storage in
            try storage.rows(
                """
                SELECT a.id, a.version, a.revision, r.title, r.source, r.url, r.published
                FROM articles a JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                WHERE a.id > \(after ?? "") ORDER BY a.id LIMIT \(limit)
                """
            ).map {
                ArticleSummary(
                    id: try $0[0].decode(String.self), version: try $0[1].decode(Int.self),
                    revision: try $0[2].decode(Int.self), title: try $0[3].decode(String.self),
                    source: try $0[4].decode(String.self), url: try $0[5].decode(String?.self),
                    published: try $0[6].decode(String?.self))
            }
        }
    }

    func claim(id: String) async throws -> Claim? {
        try await read { try $0.claim(id: id) }
    }

    func verdict(id: String) async throws -> Verdict? {
        try await read { try $0.verdict(id: id) }
    }

    func publication(id: String) async throws -> Publication? {
        try await read { try $0.publication(id: id) }
    }

    func publication(claimId: String) async throws -> Publication? {
        try await read { try $0.publication(claimId: claimId) }
    }

    func assignment(id: String) async throws -> Assignment? {
        try await read { try $0.assignment(id: id) }
    }

    func maySeeVerdicts(onClaim claim: String, _ visibility: VerdictVisibility) async throws -> Bool {
        guard let reviewer = visibility.blindReviewer else { return true }
        return try await read { try $0.maySee(claim: claim, reviewer: reviewer) }
    }

    func claimHistory(id: String, visibility: VerdictVisibility) async throws -> [RawHistoryEntry]? {
        try await read { storage in
            guard try !storage.rows("SELECT 1 FROM claims WHERE id = \(id)").isEmpty else { return nil }
            let reviewer = visibility.blindReviewer
            let hidden = try reviewer.map { try !storage.maySee(claim: id, reviewer: $0) } ?? false
            return try storage.rows(
                """
                SELECT seq, type, record_id, version, "user", created_at, record FROM changes
                    WHERE type = 'claim' AND record_id = \(id)
                UNION ALL
                SELECT c.seq, c.type, c.record_id, c.version, c."user", c.created_at, c.record FROM verdicts v
                    JOIN changes c ON c.type = 'verdict' AND c.record_id = v.id
                    WHERE v.claim_id = \(id) AND (NOT \(hidden) OR v.reviewer = \(reviewer ?? ""))
                UNION ALL
                SELECT c.seq, c.type, c.record_id, c.version, c."user", c.created_at, c.record FROM publications p
                    JOIN changes c ON c.type = 'publication' AND c.record_id = p.id
                    WHERE p.claim_id = \(id)
                UNION ALL
                SELECT c.seq, c.type, c.record_id, c.version, c."user", c.created_at, c.record FROM assignments a
                    JOIN changes c ON c.type = 'assignment' AND c.record_id = a.id
                    WHERE a.claim_id = \(id)
                        OR a.article_id = (SELECT article_id FROM claims WHERE id = \(id))
                ORDER BY 1
                """
            ).compactMap { row in
                try RecordType(rawValue: row[1].decode(String.self)).map {
                    RawHistoryEntry(
                        seq: try row[0].decode(Int64.self), type: $0, id: try row[2].decode(String.self),
                        version: try row[3].decode(Int.self), user: try row[4].decode(String.self),
                        at: try row[5].decode(String.self), recordJSON: try row[6].decode(String.self))
                }
            }
        }
    }

    // MARK: - Consensus reads

    func similarityCandidates() async throws -> [SimilarClaims.Candidate] {
        try await read { storage in
            try storage.rows(
                """
                SELECT c.id, c.quote, c.article_id, r.title, r.source, r.published, c.linked_to FROM claims c
                JOIN articles a ON a.id = c.article_id
                JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                WHERE c.status = 'active' ORDER BY c.id
                """
            ).map {
                SimilarClaims.Candidate(
                    claimId: try $0[0].decode(String.self), quote: try $0[1].decode(String.self),
                    articleId: try $0[2].decode(String.self), articleTitle: try $0[3].decode(String.self),
                    articleSource: try $0[4].decode(String.self), published: try $0[5].decode(String?.self),
                    linkedTo: try $0[6].decode(String?.self))
            }
        }
    }

    func coverage(
        article: String?, after: String?, limit: Int, targetVerdicts: Int, today: String
    ) async throws
        -> Coverage
    {
        try await read { storage in
            let page = try storage.rows(
                """
                SELECT a.id, r.title, coalesce(a.target_verdicts, \(targetVerdicts)) FROM articles a
                JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
                WHERE (\(article)::text IS NULL OR a.id = \(article)) AND a.id > \(after ?? "")
                ORDER BY a.id LIMIT \(limit + 1)
                """)
            let more = page.count > limit
            var ids: [String] = []
            var articles: [Coverage.ArticleRow] = []
            var reviewers: [Coverage.ReviewerRow] = []
            for row in page.prefix(limit) {
                let id = try row[0].decode(String.self)
                ids.append(id)
                let target = try row[2].decode(Int.self)
                let counts = try storage.rows(
                    """
                    SELECT count(*), coalesce(sum(CASE WHEN n >= \(target) THEN 1 ELSE 0 END), 0),
                        coalesce(sum(n), 0)::bigint
                    FROM (
                        SELECT (SELECT count(*) FROM verdicts v WHERE v.claim_id = c.id AND v.deleted = 0) AS n
                        FROM claims c WHERE c.article_id = \(id) AND c.status = 'active') counted
                    """
                ).first
                // sum() of count()s is numeric in PostgreSQL: the ::bigint above keeps it an integer, as on SQLite.
                articles.append(
                    Coverage.ArticleRow(
                        article: id, title: try row[1].decode(String.self),
                        claims: try counts?[0].decode(Int.self) ?? 0, covered: try counts?[1].decode(Int.self) ?? 0,
                        verdicts: try counts?[2].decode(Int.self) ?? 0, targetVerdicts: target))
                // Each assigned claim once per reviewer, with the earliest due day of its assignments.
                for entry in try storage.rows(
                    """
                    SELECT reviewer, count(*),
                        coalesce(sum(CASE WHEN rated THEN 1 ELSE 0 END), 0),
                        coalesce(sum(CASE WHEN NOT rated AND due IS NOT NULL AND due < \(today) THEN 1 ELSE 0 END), 0)
                    FROM (
                        SELECT x.reviewer, x.claim_id, min(x.due) AS due,
                            EXISTS (SELECT 1 FROM verdicts v
                                WHERE v.claim_id = x.claim_id AND v.reviewer = x.reviewer AND v.deleted = 0) AS rated
                        FROM (
                            SELECT a.reviewer, c.id AS claim_id, a.due FROM assignments a
                                JOIN claims c ON c.id = a.claim_id
                                WHERE a.deleted = 0 AND c.article_id = \(id) AND c.status = 'active'
                            UNION ALL
                            SELECT a.reviewer, c.id, a.due FROM assignments a
                                JOIN claims c ON c.article_id = a.article_id
                                WHERE a.deleted = 0 AND a.article_id = \(id) AND c.status = 'active'
                        ) x GROUP BY x.reviewer, x.claim_id
                    ) assigned GROUP BY reviewer ORDER BY reviewer
                    """)
                {
                    reviewers.append(
                        Coverage.ReviewerRow(
                            article: id, reviewer: try entry[0].decode(String.self),
                            assigned: try entry[1].decode(Int.self), rated: try entry[2].decode(Int.self),
                            overdue: try entry[3].decode(Int.self)))
                }
            }
            return Coverage(
                targetVerdicts: targetVerdicts, today: today, articles: articles, reviewers: reviewers,
                next: more ? ids.last : nil)
        }
    }

    func agreementReport(
        scale: VerdictScale, method: ConsensusMethod, minimumShared: Int, visibility: VerdictVisibility
    ) async throws
        -> AgreementReport
    {
        try await read { storage in
            try AgreementReport.make(
                storage.spool(scale: scale, visibleTo: visibility.blindReviewer), method: method,
                minimumShared: minimumShared)
        }
    }

    /// A snapshot held in one REPEATABLE READ transaction on a pooled connection until the export releases it.
    func exportSnapshot(scale: VerdictScale, method: ConsensusMethod) async throws -> any ExportPageSource {
        PostgresExportSnapshot(
            session: PostgresSnapshotSession(client: client, threads: blockingThreads, logger: logger), scale: scale,
            method: method)
    }
}

/// One read-only REPEATABLE READ transaction on a pooled connection, kept open while the session lives: its
/// task holds the connection and runs the jobs sent to it, in order, on the store's blocking threads.
final class PostgresSnapshotSession: Sendable {
    typealias Job = @Sendable (Result<PostgresMutationStorage, any Error>) -> Void
    private let jobs: AsyncStream<Job>.Continuation

    init(client: PostgresClient, threads: NIOThreadPool, logger: Logger) {
        let (stream, jobs) = AsyncStream.makeStream(of: Job.self)
        self.jobs = jobs
        Task {
            do {
                try await client.withConnection { connection in
                    let storage = PostgresMutationStorage(connection: connection, logger: logger)
                    let began = Mutex(false)
                    for await job in stream {
                        do {
                            try await threads.runIfActive {
                                if !began.withLock({ $0 }) {
                                    try storage.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                                    began.withLock { $0 = true }
                                }
                                job(.success(storage))
                            }
                        } catch {
                            job(.failure(error))
                        }
                    }
                    if began.withLock({ $0 }) {
                        _ = try? await threads.runIfActive { try storage.execute("ROLLBACK") }
                    }
                }
            } catch {
                // No connection (the closure itself never throws): every job, waiting or sent later, gets why.
                for await job in stream { job(.failure(error)) }
            }
        }
    }

    deinit {
        jobs.finish()
    }

    /// Runs `body` inside the session's transaction.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresMutationStorage) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { storage in continuation.resume(with: Result { try body(storage.get()) }) }
            if case .terminated = jobs.yield(job) {
                continuation.resume(throwing: StoreError.invalid("the export's database session has ended"))
            }
        }
    }
}

/// An export's page source over a ``PostgresSnapshotSession``.
struct PostgresExportSnapshot: ExportPageSource {
    let session: PostgresSnapshotSession
    let scale: VerdictScale
    let method: ConsensusMethod

    func consensus() async throws -> ExportConsensus {
        switch method {
        case .majority: .majority(scale: scale)
        case .dawidSkene: try await session.run { try ExportConsensus.dawidSkene($0.spool(scale: scale)) }
        }
    }

    func claims(afterArticle article: String?, limit: Int) async throws -> [ExportClaim] {
        try await session.run { try ExportPage.claims(afterArticle: article, limit: limit, from: $0) }
    }
}

extension PostgresMutationStorage: FeedReads, ExportReads {
    /// SQL true when `$reviewer` may see others' verdicts on `$claim` under blind review.
    func maySee(claim: String, reviewer: String) throws -> Bool {
        try value(
            """
            SELECT EXISTS (SELECT 1 FROM verdicts mine WHERE mine.claim_id = \(claim) AND mine.reviewer = \(reviewer))
                OR EXISTS (SELECT 1 FROM publications p WHERE p.claim_id = \(claim))
            """, as: Bool.self) ?? false
    }

    func changeRows(after seq: Int64, limit: Int) throws -> [FeedRow] {
        try rows(
            """
            SELECT c.seq, c.type, c.record_id, c.version, c.deleted, c.record, v.claim_id, v.reviewer
            FROM changes c LEFT JOIN verdicts v ON c.type = 'verdict' AND v.id = c.record_id
            WHERE c.seq > \(seq) ORDER BY c.seq LIMIT \(limit)
            """
        ).map {
            FeedRow(
                seq: try $0[0].decode(Int64.self), type: try $0[1].decode(String.self),
                id: try $0[2].decode(String.self), version: try $0[3].decode(Int.self),
                deleted: try $0[4].decode(Int.self) != 0, recordJSON: try $0[5].decode(String.self),
                claimId: try $0[6].decode(String?.self), author: try $0[7].decode(String?.self))
        }
    }

    func firstVerdictSeq(claim: String, reviewer: String) throws -> Int64? {
        try rows(
            """
            SELECT min(c.seq) FROM verdicts v
            JOIN changes c ON c.type = 'verdict' AND c.record_id = v.id AND c.version = 1
            WHERE v.claim_id = \(claim) AND v.reviewer = \(reviewer)
            """
        ).first.flatMap { try $0[0].decode(Int64?.self) }
    }

    func publicationClaim(id: String) throws -> String? {
        try value("SELECT claim_id FROM publications WHERE id = \(id)")
    }

    func othersLiveVerdicts(claim: String, notBy reviewer: String, firstWrittenBy seq: Int64) throws -> [FeedRow] {
        try rows(
            """
            SELECT v.id, v.version, current.record FROM verdicts v
            JOIN changes first ON first.type = 'verdict' AND first.record_id = v.id AND first.version = 1
            JOIN changes current ON current.type = 'verdict' AND current.record_id = v.id
                AND current.version = v.version
            WHERE v.claim_id = \(claim) AND v.reviewer <> \(reviewer) AND v.deleted = 0 AND first.seq <= \(seq)
            ORDER BY first.seq
            """
        ).map {
            FeedRow(
                seq: seq, type: RecordType.verdict.rawValue, id: try $0[0].decode(String.self),
                version: try $0[1].decode(Int.self), deleted: false, recordJSON: try $0[2].decode(String.self),
                claimId: claim, author: nil)
        }
    }

    func activeClaims(afterArticle article: String?, limit: Int) throws -> [Claim] {
        var claims = try rows(
            """
            SELECT \(unescaped: Self.claimColumns) FROM claims
            WHERE status = 'active' AND article_id > \(article ?? "") AND linked_to IS NULL
            ORDER BY article_id, start_offset, id LIMIT \(limit)
            """
        ).map(Self.claim)
        if let last = claims.last, claims.count == limit {
            claims += try rows(
                """
                SELECT \(unescaped: Self.claimColumns) FROM claims
                WHERE status = 'active' AND article_id = \(last.articleId)
                    AND (start_offset, id) > (\(last.start), \(last.id)) AND linked_to IS NULL
                ORDER BY start_offset, id
                """
            ).map(Self.claim)
        }
        return claims
    }

    func appearances(of claims: [String]) throws -> [Claim] {
        try rows(
            """
            SELECT \(unescaped: Self.claimColumns) FROM claims
            WHERE status = 'active' AND linked_to = ANY(\(claims))
            ORDER BY article_id, start_offset, id
            """
        ).map(Self.claim)
    }

    func liveVerdicts(onClaims ids: [String]) throws -> [Verdict] {
        try rows(
            """
            SELECT \(unescaped: Self.verdictColumns) FROM verdicts WHERE deleted = 0 AND claim_id = ANY(\(ids))
            ORDER BY claim_id, reviewer, id
            """
        ).map(Self.verdict)
    }

    func publications(onClaims ids: [String]) throws -> [String: Publication] {
        var found: [String: Publication] = [:]
        for row in try rows("SELECT claim_id, record FROM publications WHERE claim_id = ANY(\(ids))") {
            found[try row[0].decode(String.self)] = try Self.publication(row[1].decode(String.self))
        }
        return found
    }

    func exportArticles(ids: [String]) throws -> [String: ExportItem.ArticlePart] {
        var found: [String: ExportItem.ArticlePart] = [:]
        for row in try rows(
            """
            SELECT a.id, r.title, r.source, r.url, r.published FROM articles a
            JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.revision
            WHERE a.id = ANY(\(ids))
            """)
        {
            let id = try row[0].decode(String.self)
            found[id] = ExportItem.ArticlePart(
                id: id, title: try row[1].decode(String.self), source: try row[2].decode(String.self),
                url: try row[3].decode(String?.self), published: try row[4].decode(String?.self))
        }
        return found
    }

    /// Every live verdict on an active claim, spooled to a temporary file in reading order (article, start
    /// offset, claim id, reviewer) through a server-side cursor, a few thousand rows at a time, so memory stays
    /// flat at any size. As on SQLite (``SQLiteStore/spool(scale:visibleTo:_:)``): an appearance's verdicts are
    /// the claim's it appears as, the latest per reviewer. Runs inside the caller's transaction.
    func spool(scale: VerdictScale, visibleTo blindReviewer: String? = nil) throws -> VoteSpool {
        let spool = try VoteSpool(scale: scale)
        let visible = """
            ($1::text IS NULL OR EXISTS (SELECT 1 FROM verdicts mine WHERE mine.claim_id = c.id AND mine.reviewer = $1)
                OR EXISTS (SELECT 1 FROM publications pub WHERE pub.claim_id = c.id))
            """
        let sql = """
            SELECT article_id, claim_id, reviewer, label FROM (
                SELECT DISTINCT ON (p.id, v.reviewer) p.article_id, p.start_offset, p.id AS claim_id, v.reviewer,
                    v.label
                FROM claims c
                JOIN claims p ON p.id = coalesce(c.linked_to, c.id)
                JOIN verdicts v ON v.claim_id = c.id AND v.deleted = 0
                WHERE c.status = 'active' AND p.status = 'active' AND \(visible)
                ORDER BY p.id, v.reviewer, v.updated_at DESC, v.id DESC
            ) latest
            ORDER BY article_id, start_offset, claim_id, reviewer
            """
        var bindings = PostgresBindings()
        bindings.append(blindReviewer)
        try execute(PostgresQuery(unsafeSQL: "DECLARE spool NO SCROLL CURSOR FOR " + sql, binds: bindings))
        while true {
            let page = try rows("FETCH FORWARD 5000 FROM spool")
            for row in page {
                try spool.add(
                    claim: row[1].decode(String.self), article: row[0].decode(String.self),
                    reviewer: row[2].decode(String.self), label: row[3].decode(String.self))
            }
            if page.count < 5000 { break }
        }
        try execute("CLOSE spool")
        return spool
    }
}
