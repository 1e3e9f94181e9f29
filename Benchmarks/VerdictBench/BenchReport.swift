/// The figures one benchmark measured: each printed as it is recorded, then all of them as a Markdown table.
final class BenchReport {
    private var rows: [(name: String, value: String)] = []

    func record(_ name: String, _ value: String) {
        rows.append((name, value))
        print("  \(name): \(value)")
    }

    /// The table BENCHMARKS.md takes.
    func printTable() {
        print("\n| measure | figure |\n|---|---|")
        for (name, value) in rows { print("| \(name) | \(value) |") }
    }
}
