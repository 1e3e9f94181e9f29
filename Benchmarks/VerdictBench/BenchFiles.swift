import Foundation

/// Where the benchmarks find the built binaries and keep their files.
enum BenchFiles {
    /// The binary `name` built next to `verdict-bench` (`swift build -c release` builds them all).
    static func binary(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BenchError("build \(name) first: swift build -c release")
        }
        return url
    }

    /// A new empty folder in the temporary directory, named `prefix`-UUID.
    static func temporaryFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
