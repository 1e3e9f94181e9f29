import Foundation
import GRDB
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The SQLite adapter against the rules alone: seeded random desks, tiny (two or three reviewers, a few claims) and
/// large (dozens of reviewers, hundreds of claims), push batches of mixed mutations (conflicting, stale, invalid,
/// forbidden ones included), each applied through the real `SQLiteStore.apply` on a temporary file and through
/// ``MutationRules`` over ``InMemoryMutationStorage``. Every answer must be the same, byte for byte, mutation by
/// mutation; then the change logs, the audit trails, every record and every read the rules make. A PostgreSQL
/// adapter is held to the same by running this against it.
@Suite struct RulesStorageEquivalenceTests {
    /// One desk's size and seed.
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let seed: UInt64
        let reviewers: Int
        let editors: Int
        /// How many articles editors add at most.
        let articles: Int
        let batches: Int
        let largestBatch: Int
        /// The desk's quorum of verdicts for a publication without a reason.
        let quorum: Int

        var testDescription: String { "\(name) desk, seed \(seed)" }
    }

    static let shapes: [Shape] =
        [11, 12, 13, 14, 15].map {
            Shape(
                name: "tiny", seed: $0, reviewers: 2 + Int($0 % 2), editors: 1, articles: 3, batches: 40,
                largestBatch: 10, quorum: 2)
        }
        + [21, 22].map {
            Shape(
                name: "middling", seed: $0, reviewers: 8, editors: 2, articles: 5, batches: 40, largestBatch: 24,
                quorum: 3)
        }
        + [31, 32].map {
            Shape(
                name: "large", seed: $0, reviewers: 36, editors: 3, articles: 8, batches: 60, largestBatch: 40,
                quorum: 3)
        }

    @Test(arguments: shapes)
    func sqliteAndTheRulesAloneDecideAlike(_ shape: Shape) async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("desk.sqlite").path
        let store = try SQLiteStore(path: path, workflow: DeskWorkflow(quorumVerdicts: shape.quorum))
        defer { try? store.close() }
        let memory = InMemoryMutationStorage()
        var desk = DeskGenerator(shape: shape, storage: memory)
        for user in desk.users {
            _ = try await store.addUser(name: user.name, role: user.role, tokenLabel: nil)
            if user.disabled { try await store.setDisabled(true, user: user.name) }
            memory.addUser(user.name, role: user.role, disabled: user.disabled)
        }
        let rules = store.rules
        var tally: [MutationStatus: Int] = [:]
        var codes: Set<String> = []
        var agreed = true
        batches: for batch in 0..<shape.batches {
            let (actor, mutations) = desk.nextBatch()
            let answers = try await store.apply(mutations, by: actor, remember: true)
            // Both sides must stamp writes with the same time: the one SQLite gave this batch.
            let now =
                answers.lazy.compactMap { $0.result.status == .applied ? $0.result.record.map(Self.updatedAt) : nil }
                .first ?? "2000-01-01T00:00:00.000Z"
            for (index, (mutation, sqlite)) in zip(mutations, answers).enumerated() {
                let place = "batch \(batch) mutation \(index) by \(actor.name) (\(actor.role.rawValue))"
                let mine: MutationOutcome
                do {
                    mine = try rules.apply(rules.prepare(mutation, hashing: false), by: actor, in: memory, now: now)
                } catch {
                    Issue.record(
                        Comment(
                            rawValue: "\(place): the in-memory storage refused what SQLite answered \(sqlite.json): "
                                + "\(error)\n\(Self.json(mutation))"))
                    agreed = false
                    break batches
                }
                if let difference = Self.difference(sqlite, mine) {
                    Issue.record(
                        Comment(
                            rawValue: "\(place): \(difference)\nmutation: \(Self.json(mutation))\n"
                                + "SQLite:    \(sqlite.json)\nin memory: \(mine.json)"))
                    agreed = false
                    break batches
                }
                tally[sqlite.result.status, default: 0] += 1
                if let code = sqlite.result.code { codes.insert(code) }
            }
        }
        guard agreed else { return }
        try await Self.expectSameState(store, memory)
        // The generator reaches every kind of answer, or the test proves less than it says.
        #expect(
            [MutationStatus.applied, .merged, .conflict, .rejected].allSatisfy { tally[$0, default: 0] > 0 },
            "answers by status: \(tally)")
        #expect(codes.count >= 6, "codes seen: \(codes.sorted())")
    }

    static func updatedAt(_ record: AnyRecord) -> String {
        switch record {
        case .article(let article): article.updatedAt
        case .claim(let claim): claim.updatedAt
        case .verdict(let verdict): verdict.updatedAt
        case .publication(let publication): publication.updatedAt
        case .assignment(let assignment): assignment.updatedAt
        }
    }

    /// What differs between two answers to one mutation, the first field that does; nil when they are the same.
    static func difference(_ sqlite: MutationOutcome, _ mine: MutationOutcome) -> String? {
        let (a, b) = (sqlite.result, mine.result)
        if a.status != b.status { return "status \(a.status.rawValue) vs \(b.status.rawValue)" }
        if a.code != b.code { return "code \(a.code ?? "-") vs \(b.code ?? "-")" }
        if a.type != b.type { return "type \(a.type?.rawValue ?? "-") vs \(b.type?.rawValue ?? "-")" }
        if a.id != b.id { return "record id \(a.id ?? "-") vs \(b.id ?? "-")" }
        if a.version != b.version { return "version \(a.version ?? 0) vs \(b.version ?? 0)" }
        if a.seq != b.seq { return "seq \(a.seq ?? 0) vs \(b.seq ?? 0)" }
        if a.reason != b.reason { return "reason" }
        if sqlite.json != mine.json { return "the answers' JSON" }
        return nil
    }

    static func json(_ mutation: Mutation) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(mutation)).map { String(decoding: $0, as: UTF8.self) } ?? "\(mutation)"
    }

    // MARK: - The state after the batches

    /// The same change log, audit trail, rows and reads on both sides.
    static func expectSameState(_ store: SQLiteStore, _ memory: InMemoryMutationStorage) async throws {
        var feed: [RawChangesPage.Entry] = []
        var since: Int64 = 0
        while true {
            let page = try await store.changes(since: since, limit: 5_000, visibility: .everything)
            feed += page.entries
            since = page.next
            if !page.hasMore { break }
        }
        #expect(feed.count == memory.changes.count, "changes in the log")
        if let (sqlite, mine) = zip(feed, memory.changes).first(where: { sqlite, mine in
            sqlite.seq != mine.seq || sqlite.type != mine.type || sqlite.id != mine.id
                || sqlite.version != mine.version || sqlite.deleted != mine.deleted || sqlite.recordJSON != mine.json
        }) {
            Issue.record("change \(sqlite.seq): SQLite \(sqlite.recordJSON)\nin memory \(mine.seq) \(mine.json)")
        }
        let audit = try await store.auditEntries(after: 0, limit: 1_000_000)
        #expect(
            audit.map { "\($0.actor) \($0.action) \($0.target) \($0.detail ?? "-")" }
                == memory.auditTrail.map { "\($0.user) \($0.action) \($0.target) \($0.detail ?? "-")" },
            "audit trail")

        let ids = Snapshot.IDs(memory)
        let sqlite = try await store.pool.read { db in
            let tables = try ["articles", "claims", "verdicts", "publications", "assignments"].map { table in
                "\(table): "
                    + (try String.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY id")).joined(separator: " ")
            }
            return tables + (try Snapshot.lines(of: SQLiteMutationStorage(db: db), ids))
        }
        let mine =
            [
                "articles: " + memory.articleIDs.joined(separator: " "),
                "claims: " + memory.claimIDs.joined(separator: " "),
                "verdicts: " + memory.verdictIDs.joined(separator: " "),
                "publications: " + memory.publicationIDs.joined(separator: " "),
                "assignments: " + memory.assignmentIDs.joined(separator: " "),
            ] + (try Snapshot.lines(of: memory, ids))
        #expect(sqlite.count == mine.count, "reads compared")
        let differing = zip(sqlite, mine).filter { $0 != $1 }.prefix(3)
        let shown = differing.map { "SQLite:    \($0)\nin memory: \($1)" }.joined(separator: "\n")
        #expect(differing.isEmpty, "reads that differ:\n\(shown)")
    }

    /// Every read of ``MutationStorage`` over the final state, one line each, the same whatever the backend.
    enum Snapshot {
        struct IDs: Sendable {
            let articles: [String]
            let claims: [String]
            let verdicts: [String]
            let publications: [String]
            let assignments: [String]
            let users: [String]
            /// Each verdict's claim and reviewer.
            let raters: [(claim: String, reviewer: String)]

            init(_ memory: InMemoryMutationStorage) {
                articles = memory.articleIDs
                claims = memory.claimIDs
                verdicts = memory.verdictIDs
                publications = memory.publicationIDs
                assignments = memory.assignmentIDs
                users = memory.users.map(\.name)
                raters = memory.verdictIDs.compactMap { id in
                    (try? memory.verdict(id: id)).map { ($0.claimId, $0.reviewer) }
                }
            }
        }

        static func lines(of storage: some MutationStorage, _ ids: IDs) throws -> [String] {
            var lines: [String] = []
            for id in ids.articles {
                guard let article = try storage.article(id: id) else {
                    lines.append("article \(id): missing")
                    continue
                }
                lines.append("article \(id): \(article.jsonText)")
                lines.append("article \(id) revision: \(try storage.articleRevision(id: id) ?? 0)")
                for revision in 0...(article.revision + 1) {
                    let text = try storage.articleScalars(id: id, revision: revision).map {
                        TextAnchor.string($0[...])
                    }
                    lines.append("article \(id) text \(revision): \(text ?? "-")")
                }
                lines.append(
                    "text of \(id) is current in \(try storage.articleID(contentHash: article.contentHash) ?? "-")")
                let active = try storage.activeClaims(articleId: id)
                lines.append("article \(id) active claims: " + active.map(\.id).joined(separator: " "))
            }
            for id in ids.claims {
                guard let claim = try storage.claim(id: id) else {
                    lines.append("claim \(id): missing")
                    continue
                }
                lines.append("claim \(id): \(claim.jsonText)")
                lines.append("claim \(id) status: \(try storage.claimStatus(id: id)?.rawValue ?? "-")")
                let span = try storage.claim(
                    articleId: claim.articleId, revision: claim.revision, start: claim.start, end: claim.end)
                lines.append("claim \(id) span held by: \(span?.id ?? "-")")
                let group = try storage.groupVerdicts(claimId: id).map { "\($0.id)@\($0.reviewer)=\($0.label)" }
                lines.append("claim \(id) group: " + group.joined(separator: " "))
                lines.append("claim \(id) appearances: \(try storage.appearanceCount(claimId: id))")
                lines.append("claim \(id) publication: \(try storage.publication(claimId: id)?.id ?? "-")")
            }
            for (claim, reviewer) in ids.raters {
                lines.append(
                    "claim \(claim) live verdict of \(reviewer): "
                        + "\(try storage.liveVerdict(claimId: claim, reviewer: reviewer)?.id ?? "-"), others' "
                        + "\(try storage.hasLiveVerdict(claimId: claim, notBy: reviewer))")
            }
            for id in ids.verdicts {
                lines.append("verdict \(id): \(try storage.verdict(id: id)?.jsonText ?? "missing")")
            }
            for id in ids.publications {
                lines.append("publication \(id): \(try storage.publication(id: id)?.jsonText ?? "missing")")
            }
            for id in ids.assignments {
                guard let assignment = try storage.assignment(id: id) else {
                    lines.append("assignment \(id): missing")
                    continue
                }
                lines.append("assignment \(id): \(assignment.jsonText)")
                let live = try storage.liveAssignment(
                    reviewer: assignment.reviewer, claimId: assignment.claimId, articleId: assignment.articleId)
                lines.append("assignment \(id) live one: \(live?.id ?? "-")")
            }
            for name in ids.users + ids.users.map({ $0.uppercased() }) + ["nobody"] {
                let user = try storage.user(name: name)
                lines.append("user \(name): \(user.map { "\($0.name) \($0.role.rawValue) \($0.disabled)" } ?? "-")")
            }
            return lines
        }
    }
}

/// Makes the batches of a random desk from a seed: who pushes, and what, chosen from the desk's state before the
/// batch (read from the in-memory storage) and what the batch itself did before (assumed applied).
struct DeskGenerator {
    struct User {
        let name: String
        let role: Role
        let disabled: Bool
    }

    let shape: RulesStorageEquivalenceTests.Shape
    let storage: InMemoryMutationStorage
    let users: [User]
    private var random: SplitMix64
    private var counter = 0
    /// Mutation ids are unique per user, so a push is never answered from a remembered outcome.
    private var mutations = 0

    // What this batch has done so far, assumed applied.
    private var planned: [String: Int] = [:]
    private var newArticles: [(id: String, body: String)] = []
    private var newClaims: [String] = []
    private var newVerdicts: [String: String] = [:]

    init(shape: RulesStorageEquivalenceTests.Shape, storage: InMemoryMutationStorage) {
        self.shape = shape
        self.storage = storage
        random = SplitMix64(state: shape.seed)
        var users = [User(name: "ada", role: .admin, disabled: false)]
        users += ["erin", "Eddie", "ed3", "ed4"].prefix(shape.editors).map {
            User(name: $0, role: .editor, disabled: false)
        }
        users += (0..<shape.reviewers).map { index in
            User(
                name: ["rita", "Ravi", "rhea"].dropFirst(index).first ?? "rev\(index)", role: .reviewer, disabled: false
            )
        }
        users.append(User(name: "dora", role: .reviewer, disabled: true))
        self.users = users
    }

    static let sentences = [
        "Officials said the pause ends on February 1.", "Fares rose by 5% in March.",
        "🥶 Heating failed in 30 000 homes.", "The café owner said 40 buses run daily.", "Riders counted fewer buses.",
        "Overnight, 111 drones were reported.", "The mayor denied it.", "Prices fell by 2% in April.",
        "A spokesperson said the pause ends on February 1.", "Schools reopened on Monday.",
        "Über 200 Läden schlossen.", "The report was published on Friday.",
    ]
    static let phrases = [
        "the pause ends on February 1", "Fares rose by 5%", "40 buses run daily", "said the pause", "in March",
        "café owner", "Heating failed", "Läden", "buses", "The mayor denied it.", "on February 1",
    ]
    static let edits = [
        ("5%", "4%"), ("February 1", "February 2"), ("Monday", "Tuesday"), ("111", "112"), ("buses", "trams"),
        ("café", "cafe"),
    ]

    // MARK: Choices

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }
    private mutating func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[int(0...(items.count - 1))] }
    private mutating func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    private var reviewers: [User] { users.filter { $0.role == .reviewer && !$0.disabled } }

    mutating func nextBatch() -> (Identity, [Mutation]) {
        planned = [:]
        newArticles = []
        newClaims = []
        newVerdicts = [:]
        let editors = users.filter { $0.role != .reviewer }
        let noClaimsYet = storage.claimIDs.count < 2
        let user =
            (storage.articleIDs.isEmpty || (noClaimsYet && chance(0.5)) || chance(0.35)
            ? pick(editors) : pick(reviewers))!
        let actor = Identity(name: user.name, role: user.role)
        let count = chance(0.5) ? int(1...7) : int(MutationBatch.readAheadThreshold...max(8, shape.largestBatch))
        var mutations: [Mutation] = []
        for _ in 0..<count { mutations.append(nextMutation(by: actor)) }
        return (actor, mutations)
    }

    private enum Kind {
        case article, correction, claim, withdrawal, status, link, reattachment, verdict, unrate, publication
        case assignment, unassignment, junk
    }

    private mutating func nextMutation(by actor: Identity) -> Mutation {
        let weights: [(Kind, Int)] =
            actor.can(.editor)
            ? [
                (.article, storage.articleIDs.count + newArticles.count < shape.articles ? 14 : 1),
                (.correction, 8), (.claim, 14), (.withdrawal, 3), (.status, 4), (.link, 6), (.reattachment, 5),
                (.verdict, 10), (.unrate, 2), (.publication, 12), (.assignment, 12), (.unassignment, 4), (.junk, 3),
            ]
            : [
                (.article, 1), (.correction, 1), (.claim, 24), (.withdrawal, 5), (.status, 1), (.link, 1),
                (.reattachment, 1), (.verdict, 42), (.unrate, 8), (.publication, 2), (.assignment, 2),
                (.unassignment, 1), (.junk, 4),
            ]
        var roll = int(0...(weights.map(\.1).reduce(0, +) - 1))
        var kind = Kind.junk
        for (candidate, weight) in weights {
            if roll < weight {
                kind = candidate
                break
            }
            roll -= weight
        }
        if storage.articleIDs.isEmpty && newArticles.isEmpty && kind != .junk { kind = .article }
        switch kind {
        case .article: return article()
        case .correction: return correction() ?? article()
        case .claim: return claim() ?? article()
        case .withdrawal: return withdrawal() ?? claim() ?? article()
        case .status: return status() ?? claim() ?? article()
        case .link: return link() ?? claim() ?? article()
        case .reattachment: return reattachment() ?? status() ?? claim() ?? article()
        case .verdict: return verdict(by: actor) ?? claim() ?? article()
        case .unrate: return unrate(by: actor) ?? verdict(by: actor) ?? claim() ?? article()
        case .publication: return publication() ?? claim() ?? article()
        case .assignment: return assignment() ?? article()
        case .unassignment: return unassignment() ?? assignment() ?? article()
        case .junk: return junk()
        }
    }

    // MARK: Versions

    private func version(_ type: RecordType, _ id: String) -> Int? {
        if let planned = planned["\(type.rawValue) \(id)"] { return planned }
        return switch type {
        case .article: (try? storage.article(id: id))?.version
        case .claim: (try? storage.claim(id: id))?.version
        case .verdict: (try? storage.verdict(id: id))?.version
        case .publication: (try? storage.publication(id: id))?.version
        case .assignment: (try? storage.assignment(id: id))?.version
        }
    }

    /// Mostly the current version (and then the write is assumed to go through), else a stale one or none.
    private mutating func base(_ type: RecordType, _ id: String) -> Int? {
        guard let current = version(type, id) else { return chance(0.5) ? nil : 1 }
        let roll = int(0...19)
        if roll < 16 {
            planned["\(type.rawValue) \(id)"] = current + 1
            return current
        }
        return roll < 18 ? (current > 1 ? current - 1 : current + 1) : nil
    }

    private mutating func created(_ type: RecordType, _ id: String) {
        planned["\(type.rawValue) \(id)"] = 1
    }

    private mutating func put(
        _ type: RecordType, _ id: String?, base: Int? = nil, _ record: MutationRecord?
    ) -> Mutation {
        mutations += 1
        return Mutation(mutationId: "m\(mutations)", type: type, op: .put, id: id, baseVersion: base, record: record)
    }

    private mutating func delete(_ type: RecordType, _ id: String, base: Int?) -> Mutation {
        mutations += 1
        return Mutation(mutationId: "m\(mutations)", type: type, op: .delete, id: id, baseVersion: base, record: nil)
    }

    // MARK: Articles

    private mutating func body() -> String {
        (0..<int(3...6)).compactMap { _ in pick(Self.sentences) }.joined(separator: " ")
    }

    private func currentBody(_ id: String) -> String? {
        (try? storage.article(id: id))?.body ?? newArticles.first { $0.id == id }?.body
    }

    private mutating func article() -> Mutation {
        let id = next("a")
        var text = body()
        var input = ArticleInput(
            title: "Article \(id)", source: chance(0.5) ? "Ledger" : nil,
            url: chance(0.3) ? "https://example.org/\(id)" : nil,
            published: chance(0.3) ? "2026-01-\(int(10...28))" : nil, body: text,
            targetVerdicts: chance(0.2) ? int(0...5) : nil)
        switch int(0...19) {
        case 0: if let other = pick(storage.articleIDs), let copy = currentBody(other) { input.body = copy }
        case 1: input.title = " "
        case 2: input.url = "ftp://example.org/\(id)"
        case 3: input.targetVerdicts = 101
        case 4: if let existing = pick(storage.articleIDs) { return put(.article, existing, .article(input)) }
        case 5: input.published = "2026-02-30"
        default: break
        }
        text = input.body
        created(.article, id)
        newArticles.append((id, text))
        return put(.article, id, .article(input))
    }

    private mutating func correction() -> Mutation? {
        guard let id = pick(storage.articleIDs), let current = try? storage.article(id: id) else { return nil }
        var input = ArticleInput(
            title: current.title, source: current.source, url: current.url, published: current.published,
            body: current.body, targetVerdicts: chance(0.1) ? int(0...4) : nil)
        switch int(0...9) {
        case 0, 1: input.title = "Retitled \(counter)"
        case 2:
            if let other = pick(storage.articleIDs.filter { $0 != id }), let copy = currentBody(other) {
                input.body = copy
            }
        default: input.body = edited(current.body)
        }
        return put(.article, id, base: base(.article, id), .article(input))
    }

    /// A correction of a text: sentences removed, added, swapped, repeated or with a figure changed.
    private mutating func edited(_ text: String) -> String {
        var sentences = text.components(separatedBy: ". ").map { $0.hasSuffix(".") ? $0 : $0 + "." }
        for _ in 0..<int(1...2) {
            switch int(0...4) {
            case 0 where sentences.count > 1: sentences.remove(at: int(0...(sentences.count - 1)))
            case 1: sentences.insert(pick(Self.sentences)!, at: int(0...sentences.count))
            case 2 where sentences.count > 1: sentences.swapAt(0, int(1...(sentences.count - 1)))
            case 3: sentences.append(pick(sentences)!)
            default:
                let (from, to) = pick(Self.edits)!
                let index = int(0...(sentences.count - 1))
                sentences[index] = sentences[index].replacingOccurrences(of: from, with: to)
            }
        }
        return sentences.joined(separator: " ")
    }

    // MARK: Claims

    private var claimIDs: [String] { storage.claimIDs + newClaims }

    private func claimRecord(_ id: String) -> Claim? { (try? storage.claim(id: id)) }

    /// A quote of this text: a known phrase or a run of its words.
    private mutating func quote(in text: String) -> String {
        let known = Self.phrases.filter { text.contains($0) }
        if chance(0.7), let phrase = pick(known) { return phrase }
        let words = text.split(separator: " ")
        let start = int(0...(words.count - 1))
        return words[start..<min(words.count, start + int(1...5))].joined(separator: " ")
    }

    private mutating func claim() -> Mutation? {
        let articles = storage.articleIDs + newArticles.map(\.id)
        guard let articleId = pick(articles) else { return nil }
        let latest = (try? storage.articleRevision(id: articleId))
        var revision: Int?
        switch int(0...19) {
        case 0...13: revision = nil
        case 14, 15: revision = latest
        case 16...18: revision = latest.map { int(1...$0) }
        default: revision = chance(0.5) ? 0 : 99
        }
        let text =
            latest.flatMap { latest in
                (try? storage.articleScalars(id: articleId, revision: revision ?? latest)).map {
                    TextAnchor.string($0[...])
                }
            } ?? currentBody(articleId) ?? ""
        var quote = text.isEmpty ? "anything" : self.quote(in: text)
        var input = ClaimInput(articleId: articleId, revision: revision, quote: quote)
        let places = TextAnchor.occurrences(of: quote, in: text)
        switch int(0...19) {
        case 0...8: input.occurrence = chance(0.5) ? nil : int(1...max(1, places.count + (chance(0.1) ? 1 : 0)))
        case 9...15:
            let start = pick(places) ?? 0
            let shift = chance(0.1) ? 1 : 0
            (input.start, input.end) = (start + shift, start + shift + TextAnchor.length(quote))
        case 16: quote = "Nothing like this was said"
        case 17: quote = " "
        case 18: input.start = 3
        default: input.status = .withdrawn
        }
        input.quote = quote
        if chance(0.1), let existing = pick(storage.claimIDs) { return put(.claim, existing, .claim(input)) }
        let id = next("c")
        created(.claim, id)
        newClaims.append(id)
        return put(.claim, id, .claim(input))
    }

    private mutating func withdrawal() -> Mutation? {
        guard let id = pick(claimIDs) else { return nil }
        return delete(.claim, id, base: base(.claim, id))
    }

    private mutating func status() -> Mutation? {
        guard let id = pick(storage.claimIDs), let claim = claimRecord(id) else { return nil }
        let input = ClaimInput(
            articleId: claim.articleId, quote: claim.quote, status: claim.status == .active ? .withdrawn : .active)
        return put(.claim, id, base: base(.claim, id), .claim(input))
    }

    private mutating func link() -> Mutation? {
        guard let id = pick(storage.claimIDs), let claim = claimRecord(id) else { return nil }
        let target: String
        switch int(0...19) {
        case 0...3: target = ""
        case 4: target = id
        case 5: target = "c-missing"
        default: target = pick(storage.claimIDs.filter { $0 != id }) ?? ""
        }
        let input = ClaimInput(articleId: claim.articleId, quote: claim.quote, linkedTo: target)
        return put(.claim, id, base: base(.claim, id), .claim(input))
    }

    private mutating func reattachment() -> Mutation? {
        let orphans = storage.claimIDs.compactMap(claimRecord).filter {
            $0.anchoring == .orphaned && $0.status == .active
        }
        guard let orphan = pick(orphans), let text = currentBody(orphan.articleId) else { return nil }
        let input = ClaimInput(
            articleId: chance(0.9) ? orphan.articleId : (pick(storage.articleIDs) ?? orphan.articleId),
            quote: quote(in: text))
        return put(.claim, orphan.id, base: base(.claim, orphan.id), .claim(input))
    }

    // MARK: Verdicts

    private func liveVerdict(of reviewer: String, on claim: String) -> String? {
        newVerdicts[claim] ?? (try? storage.liveVerdict(claimId: claim, reviewer: reviewer))?.id
    }

    private mutating func verdict(by actor: Identity) -> Mutation? {
        let active = storage.claimIDs.filter { (try? storage.claimStatus(id: $0)) == .active } + newClaims
        guard var claim = chance(0.9) ? pick(active) : pick(claimIDs) else { return nil }
        if chance(0.03) { claim = "c-missing" }
        let labels = VerdictScale.standard.labels.map(\.id)
        var input = VerdictInput(
            claimId: claim, label: pick(labels)!, confidence: pick([nil, 0.25, 0.5, 0.9, 1]) ?? nil,
            rationale: chance(0.4)
                ? "Checked against the \(pick(["budget", "register", "wire"])!).\nSee the notes." : nil,
            evidence: chance(0.3)
                ? [Evidence(url: "https://example.org/e\(int(1...9))", note: chance(0.5) ? "Page \(int(1...9))" : "")]
                : nil)
        switch int(0...29) {
        case 0: input.label = "pants-on-fire"
        case 1: input.confidence = 1.5
        case 2: input.rationale = "Bell \u{7}"
        case 3: input.evidence = [Evidence(url: "example.org/no-scheme")]
        case 4:
            // Someone else's verdict: forbidden, whoever asks.
            if let other = storage.verdictIDs.first(where: { (try? storage.verdict(id: $0))?.reviewer != actor.name }) {
                return put(.verdict, other, base: version(.verdict, other), .verdict(input))
            }
        default: break
        }
        if let live = liveVerdict(of: actor.name, on: claim), chance(0.8) {
            return put(.verdict, live, base: base(.verdict, live), .verdict(input))
        }
        if chance(0.1),
            let tombstone = storage.verdictIDs.first(where: { id in
                guard let verdict = (try? storage.verdict(id: id)) else { return false }
                return verdict.deleted && verdict.reviewer == actor.name && verdict.claimId == claim
            })
        {
            return put(.verdict, tombstone, base: base(.verdict, tombstone), .verdict(input))
        }
        let id = next("v")
        created(.verdict, id)
        if liveVerdict(of: actor.name, on: claim) == nil { newVerdicts[claim] = id }
        return put(.verdict, id, .verdict(input))
    }

    private mutating func unrate(by actor: Identity) -> Mutation? {
        let mine = storage.verdictIDs.filter { (try? storage.verdict(id: $0))?.reviewer == actor.name }
        guard let id = pick(mine + newVerdicts.values.sorted()) else { return nil }
        return delete(.verdict, id, base: base(.verdict, id))
    }

    // MARK: Publications

    private mutating func publication() -> Mutation? {
        guard let claim = pick(storage.claimIDs) else { return nil }
        let labels = VerdictScale.standard.labels.map(\.id)
        var input = PublicationInput(
            claimId: claim, label: chance(0.5) ? nil : pick(labels),
            summary: chance(0.03) ? " " : "Finding \(counter).",
            evidence: chance(0.2) ? [Evidence(url: "https://example.org/p\(int(1...5))")] : nil,
            claimAuthor: chance(0.2) ? " Jane Roe " : nil, reason: chance(0.4) ? "Editor's call \(counter)." : nil)
        if let existing = (try? storage.publication(claimId: claim)), chance(0.7) {
            input.correction = chance(0.8) ? "Corrected \(counter)." : nil
            return put(.publication, existing.id, base: base(.publication, existing.id), .publication(input))
        }
        let id = next("p")
        created(.publication, id)
        return put(.publication, id, .publication(input))
    }

    // MARK: Assignments

    private mutating func assignment() -> Mutation? {
        var reviewer = pick(reviewers)!.name
        switch int(0...19) {
        case 0...3: reviewer = reviewer.uppercased()
        case 4: reviewer = reviewer.lowercased()
        case 5: reviewer = "nobody"
        case 6: reviewer = "dora"
        default: break
        }
        var input = AssignmentInput(reviewer: reviewer)
        switch int(0...19) {
        case 0...13: input.claimId = pick(claimIDs)
        case 14...17: input.articleId = pick(storage.articleIDs)
        case 18: (input.claimId, input.articleId) = (pick(storage.claimIDs), pick(storage.articleIDs))
        default: break
        }
        switch int(0...19) {
        case 0...7: input.due = nil
        case 8...17: input.due = "2026-03-\(int(10...28))"
        case 18: input.due = ""
        default: input.due = "2026-02-30"
        }
        if chance(0.2), let existing = pick(storage.assignmentIDs),
            let current = (try? storage.assignment(id: existing))
        {
            if chance(0.8) {
                (input.reviewer, input.claimId, input.articleId) = (
                    current.reviewer, current.claimId, current.articleId
                )
            }
            return put(.assignment, existing, base: base(.assignment, existing), .assignment(input))
        }
        let id = next("s")
        created(.assignment, id)
        return put(.assignment, id, .assignment(input))
    }

    private mutating func unassignment() -> Mutation? {
        guard let id = pick(storage.assignmentIDs) else { return nil }
        return delete(.assignment, id, base: base(.assignment, id))
    }

    // MARK: Malformed

    private mutating func junk() -> Mutation {
        counter += 1
        switch int(0...4) {
        case 0: return put(.verdict, "v-top", .verdict(VerdictInput(id: "v-inner", claimId: "c1", label: "false")))
        case 1: return put(.claim, "bad id!", .claim(ClaimInput(articleId: "a1", quote: "x")))
        case 2: return put(.claim, "c-none", nil)
        case 3:
            return put(
                .article, "a-marks",
                .article(ArticleInput(title: "e" + String(repeating: "\u{301}", count: 40), body: "Body.")))
        default: return delete(.publication, pick(storage.publicationIDs) ?? "p-none", base: 1)
        }
    }
}

extension RulesStorageEquivalenceTests {
    /// The one place found where the rules leaned on the schema (`MutationRulesTableTests.aDueDayWithASignIsNoDay`):
    /// the rule refuses a signed due day with its own reason, before any CHECK.
    @Test func aSignedDueDayIsRefusedByTheRulesNotByTheDatabase() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("desk.sqlite").path
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        _ = try await store.addUser(name: "erin", role: .editor, tokenLabel: nil)
        _ = try await store.addUser(name: "rita", role: .reviewer, tokenLabel: nil)
        let erin = Identity(name: "erin", role: .editor)
        let setUp = try await store.apply(
            [
                Mutation(
                    mutationId: "m1", type: .article, op: .put, id: "a1", baseVersion: nil,
                    record: .article(ArticleInput(title: "A title", body: "The mayor denied it."))),
                Mutation(
                    mutationId: "m2", type: .claim, op: .put, id: "c1", baseVersion: nil,
                    record: .claim(ClaimInput(articleId: "a1", quote: "The mayor denied it."))),
            ], by: erin, remember: true)
        #expect(setUp.map(\.result.status) == [.applied, .applied])
        let answer = try await store.apply(
            [
                Mutation(
                    mutationId: "m3", type: .assignment, op: .put, id: "s1", baseVersion: nil,
                    record: .assignment(AssignmentInput(reviewer: "rita", claimId: "c1", due: "2026-+3-10")))
            ], by: erin, remember: true)
        #expect(answer.first?.result.status == .rejected && answer.first?.result.mutationCode == .invalid)
        #expect(
            answer.first?.result.reason?.contains("due must be a day") == true, "\(answer.first?.json ?? "no answer")")
    }
}
