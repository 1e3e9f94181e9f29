import ArgumentParser
import Foundation

/// `--json` for listings.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}

extension Encodable {
    /// Pretty, stable JSON for `--json` output.
    func printJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Terminal.writeJSON(String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
