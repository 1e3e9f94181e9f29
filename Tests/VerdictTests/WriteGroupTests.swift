import Foundation
import GRDB
import Synchronization
import Testing
import VerdictTestSupport

@testable import VerdictServer

/// SQLite's group commit (``SQLiteWriteGroup``) on a real database file: writes asked for while one runs share
/// the next transaction, each undone alone when it fails, none answered before its transaction commits.
@Suite struct WriteGroupTests {
    /// A database with one table, and a group over it that counts its groups into `metrics`.
    struct Fixture {
        let pool: DatabasePool
        let group: SQLiteWriteGroup
        let metrics = ServerMetrics()
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "write-group-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            pool = try DatabasePool(
                path: directory.appendingPathComponent("db.sqlite").path, configuration: configuration)
            try pool.write { db in
                try db.execute(sql: "CREATE TABLE parents (id TEXT PRIMARY KEY)")
                try db.execute(
                    sql: """
                        CREATE TABLE rows (name TEXT PRIMARY KEY, parent TEXT
                            REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)
                        """)
            }
            group = SQLiteWriteGroup(pool: pool, metrics: metrics)
        }

        func names() throws -> [String] {
            try pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM rows ORDER BY rowid") }
        }

        /// The group metrics: transactions run, and the writes they held.
        func groups() -> (transactions: Int, writes: Int) {
            let text = metrics.exposition(databaseBytes: nil)
            func value(_ name: String) -> Int {
                text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                    .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            }
            return (value("verdict_db_write_groups_total"), value("verdict_db_grouped_writes_total"))
        }

        func remove() {
            try? pool.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    struct Refused: Error, Equatable {}

    /// Holds the writer in a first transaction until `writes` more are waiting, then lets it go: those then run
    /// as one group, in the order they were asked for. Returns each write's result, in the order asked.
    static func grouped(
        _ fixture: Fixture, _ writes: [@Sendable (Database) throws -> String], weight: Int = 1
    ) async throws -> [Result<String, any Error>] {
        let release = DispatchSemaphore(value: 0)
        let holding = Task {
            try await fixture.group.write { db in
                release.wait()
                try db.execute(sql: "INSERT INTO rows (name) VALUES ('first')")
                return "first"
            }
        }
        while fixture.groups().transactions == 0 { try await Task.sleep(for: .milliseconds(2)) }
        var tasks: [Task<String, any Error>] = []
        for (index, write) in writes.enumerated() {
            tasks.append(Task { try await fixture.group.write(weight: weight, write) })
            // Asked for in this order: wait until it is queued before asking for the next.
            while fixture.group.waiting < index + 1 { try await Task.sleep(for: .milliseconds(1)) }
        }
        release.signal()
        #expect(try await holding.value == "first")
        var results: [Result<String, any Error>] = []
        for task in tasks { results.append(await task.result) }
        return results
    }

    static func insert(_ name: String, parent: String? = nil) -> @Sendable (Database) throws -> String {
        { db in
            try db.execute(sql: "INSERT INTO rows (name, parent) VALUES (?, ?)", arguments: [name, parent])
            return name
        }
    }

    @Test func writesAskedForMeanwhileShareOneTransactionInOrder() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // Each write sees what the ones before it in the group wrote.
        let results = try await Self.grouped(
            fixture,
            [
                Self.insert("a"),
                { db in
                    let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM rows") ?? -1
                    try db.execute(sql: "INSERT INTO rows (name) VALUES ('b')")
                    return "b saw \(before)"
                },
                Self.insert("c"),
            ])
        #expect(results.map { try? $0.get() } == ["a", "b saw 2", "c"])
        #expect(try fixture.names() == ["first", "a", "b", "c"])
        #expect(fixture.groups() == (transactions: 2, writes: 4))
    }

    @Test func aFailingWriteIsUndoneAloneAndTheOthersCommit() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let results = try await Self.grouped(
            fixture,
            [
                Self.insert("a"),
                { db in
                    try db.execute(sql: "INSERT INTO rows (name) VALUES ('half-done')")
                    throw Refused()
                },
                // A statement SQLite refuses (the name is taken), after a write of its own.
                { db in
                    try db.execute(sql: "INSERT INTO rows (name) VALUES ('c')")
                    try db.execute(sql: "INSERT INTO rows (name) VALUES ('a')")
                    return "never"
                },
                Self.insert("d"),
            ])
        #expect(try results[0].get() == "a")
        #expect(throws: Refused.self) { try results[1].get() }
        #expect((results[2].failure as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT)
        #expect(try results[3].get() == "d")
        #expect(try fixture.names() == ["first", "a", "d"])
        #expect(fixture.groups() == (transactions: 2, writes: 5))
    }

    @Test func whenTheSharedCommitFailsEveryWriteInItFailsAndNothingStays() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // A deferred foreign key is checked at commit: one write of the group makes the commit fail.
        let results = try await Self.grouped(
            fixture, [Self.insert("a"), Self.insert("orphan", parent: "nobody"), Self.insert("c")])
        for result in results {
            #expect((result.failure as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT, "\(result)")
        }
        #expect(try fixture.names() == ["first"])
        // The group goes on working afterwards.
        #expect(try await fixture.group.write(Self.insert("after")) == "after")
        #expect(try fixture.names() == ["first", "after"])
    }

    @Test func heavyWritesCommitInSteps() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // Pushes of 150 mutations: two would pass the 256 a transaction holds, so each commits alone.
        let results = try await Self.grouped(
            fixture, [Self.insert("a"), Self.insert("b"), Self.insert("c")], weight: 150)
        #expect(results.map { try? $0.get() } == ["a", "b", "c"])
        #expect(fixture.groups() == (transactions: 4, writes: 4))
    }

    @Test func aWriteAloneRunsAtOnceAndItsErrorRollsItBack() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        await #expect(throws: Refused.self) {
            try await fixture.group.write { db in
                try db.execute(sql: "INSERT INTO rows (name) VALUES ('half-done')")
                throw Refused()
            }
        }
        #expect(try await fixture.group.write(Self.insert("a")) == "a")
        #expect(try fixture.names() == ["a"])
        #expect(fixture.groups() == (transactions: 2, writes: 2))
    }

    /// Many writers at once, with a fixed seed: every answered write is in the table exactly once, in an order
    /// that keeps each writer's own order, and failed writes left nothing.
    @Test(arguments: [UInt64(7), 99])
    func concurrentWritersLoseNothing(seed: UInt64) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let writers = 16
        let each = 40
        let answered = try await withThrowingTaskGroup(of: [String].self) { tasks in
            for writer in 0..<writers {
                tasks.addTask {
                    var rng = SplitMix64(state: seed &+ UInt64(writer))
                    var kept: [String] = []
                    for index in 0..<each {
                        let name = "w\(writer)-\(index)"
                        let fails = Int.random(in: 0..<5, using: &rng) == 0
                        do {
                            _ = try await fixture.group.write { db in
                                try db.execute(sql: "INSERT INTO rows (name) VALUES (?)", arguments: [name])
                                if fails { throw Refused() }
                                return name
                            }
                            kept.append(name)
                        } catch is Refused {}
                    }
                    return kept
                }
            }
            var all: [[String]] = []
            for try await kept in tasks { all.append(kept) }
            return all
        }
        let names = try fixture.names()
        #expect(names.count == answered.map { $0.count }.reduce(0, +))
        #expect(Set(names) == Set(answered.flatMap { $0 }))
        for kept in answered {
            let mine = Set(kept)
            #expect(names.filter { mine.contains($0) } == kept)
        }
        #expect(fixture.groups().writes == writers * each)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
