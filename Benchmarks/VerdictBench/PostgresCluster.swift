import Foundation
import VerdictTestSupport

/// The PostgreSQL cluster `verdict-bench --postgres` runs on: a throwaway one that `scripts/postgres.sh` starts
/// in a temporary folder (and `stop()` stops), or one given by `--postgres-url`, left running. Each set-up gets
/// a database of its own in it, and SQL goes through `psql`.
final class PostgresCluster {
    /// The URL of the cluster's maintenance database (`postgres`, or the one `--postgres-url` names).
    let maintenanceURL: String
    private let folder: URL?
    private let script: URL

    /// Starts a throwaway cluster in a new folder under /tmp, or uses the one at `url`.
    init(url: String?) throws {
        script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres.sh")
        if let url {
            maintenanceURL = url
            self.folder = nil
            return
        }
        // Short: the Unix socket's path must fit in 107 bytes.
        let clusterFolder = URL(fileURLWithPath: "/tmp/vb-pg-\(UUID().uuidString.prefix(8))")
        self.folder = clusterFolder
        try Self.run(script, ["start", clusterFolder.path])
        maintenanceURL = try Self.run(script, ["url", clusterFolder.path]).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// CPU used so far by the throwaway cluster (its postmaster, its live backends, and the backends it has
    /// reaped), in seconds; nil for a cluster given by URL, whose processes may not be ours to read.
    var cpuSeconds: Double? {
        guard let folder,
            let pidFile = try? String(
                contentsOf: folder.appendingPathComponent("data/postmaster.pid"), encoding: .utf8),
            let postmaster = Int32(pidFile.split(separator: "\n").first ?? "")
        else { return nil }
        var total = Self.cpu(of: postmaster, includingReapedChildren: true)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), Self.parent(of: pid) == postmaster else { continue }
            total += Self.cpu(of: pid, includingReapedChildren: false)
        }
        return total
    }

    /// Fields 4 onwards of /proc/PID/stat (after the command name, which may hold spaces), from the state on.
    private static func statFields(_ pid: Int32) -> [Substring] {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return [] }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    private static func parent(of pid: Int32) -> Int32? {
        let fields = statFields(pid)
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// utime + stime (fields 14, 15), and cutime + cstime (16, 17) if asked, in seconds.
    private static func cpu(of pid: Int32, includingReapedChildren: Bool) -> Double {
        let fields = statFields(pid)
        guard fields.count > 14 else { return 0 }
        let ticks = (includingReapedChildren ? 11...14 : 11...12).compactMap { Double(fields[$0]) }.reduce(0, +)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops and removes the throwaway cluster; a cluster given by URL is left alone.
    func stop() {
        guard let folder else { return }
        _ = try? Self.run(script, ["stop", folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Creates the database `name` (dropping one of that name first) and returns its URL.
    func createDatabase(_ name: String) throws -> String {
        _ = try psql(maintenanceURL, "DROP DATABASE IF EXISTS \(name)")
        _ = try psql(maintenanceURL, "CREATE DATABASE \(name)")
        return url(of: name)
    }

    /// Drops the database `name`.
    func dropDatabase(_ name: String) {
        _ = try? psql(maintenanceURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The maintenance URL with its database replaced by `name`.
    func url(of name: String) -> String {
        let text = maintenanceURL
        guard let scheme = text.range(of: "://"),
            let slash = text[scheme.upperBound...].firstIndex(of: "/")
        else { return text }
        let end = text[slash...].firstIndex(of: "?") ?? text.endIndex
        return String(text[..<slash]) + "/" + name + String(text[end...])
    }

    /// Runs `sql` with `psql` against `url` and returns its unaligned, tuples-only output.
    @discardableResult
    func psql(_ url: String, _ sql: String) throws -> String {
        try Self.run(Self.psqlBinary, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
    }

    /// Runs the SQL script `file` with `psql` against `url`; returns the seconds it took.
    func psql(_ url: String, file: URL) throws -> Double {
        let start = Date()
        try Self.run(Self.psqlBinary, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file.path])
        return Date().timeIntervalSince(start)
    }

    /// `psql`, found on PATH through `env`.
    private static let psqlBinary = URL(fileURLWithPath: "/usr/bin/env")

    /// Runs `program` (`psqlBinary` means `psql`) and returns its standard output; a failure names it with
    /// its standard error.
    @discardableResult
    private static func run(_ program: URL, _ arguments: [String]) throws -> String {
        let isPsql = program == psqlBinary
        let output = try ChildProcess.run(program, (isPsql ? ["psql"] : []) + arguments)
        guard output.status == 0 else {
            let name = isPsql ? "psql" : program.lastPathComponent
            throw BenchError("\(name) \(arguments.prefix(4).joined(separator: " ")) failed: \(output.stderr)")
        }
        return output.stdout
    }
}
