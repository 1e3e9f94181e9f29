import Foundation
import Testing
import VerdictTestSupport

@testable import VerdictShared

/// The CSV export's field quoting and its number format.
@Suite struct ExportCSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"no\"", "\"say \"\"no\"\"\""),
        (" leading", "\" leading\""),
        ("trailing ", "\"trailing \""),
        ("two\nlines", "\"two\nlines\""),
        // One character each, yet a CSV reader sees the comma, the quote and the line break.
        ("a,\u{301}b", "\"a,\u{301}b\""),
        ("\"\u{301}x", "\"\"\"\u{301}x\""),
        ("crlf\r\nhere", "\"crlf\r\nhere\""),
        ("Kharkiv −24 °C 🥶", "Kharkiv −24 °C 🥶"),
        ("", ""),
    ])
    func fieldsAreQuotedWhereAReaderNeedsIt(value: String, expected: String) {
        #expect(ExportEncoder.csvField(value) == expected)
    }

    /// The fast four-decimal writer gives `String(format: "%.4f")`'s text for every double: probabilities,
    /// alphas (negative too), values on and near the halfway points, and random ones from a fixed seed.
    @Test func numbersAreWrittenAsPrintfWritesThem() {
        var values: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.12345, 0.00005, 0.00015, 0.99995, 0.999949, 9.99995, 0.03125, -0.03125,
            1e-4, 9.9999e-5, 1e-5, 123_456_789.12345, 2.5e8, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, -0.49995, 0.8,
        ]
        var rng = SplitMix64(state: 2026)
        for _ in 0..<200_000 {
            let raw = Double(rng.next() % 2_000_001) / 1_000_000 - 1
            values.append(raw)
            values.append(Double(rng.next() % 200_001) / 20_000 - 5)
            values.append(Double(bitPattern: (rng.next() & 0x000F_FFFF_FFFF_FFFF) | 0x3FE0_0000_0000_0000))
        }
        for value in values {
            let expected = String(format: "%.4f", value)
            let written = ExportEncoder.number(value)
            if written != expected {
                Issue.record("\(value): \(written), printf \(expected)")
                return
            }
        }
        // The fast path is the one taken, but where the exact value decides.
        #expect(ExportEncoder.fourDecimals(0.8) == "0.8000")
        #expect(ExportEncoder.fourDecimals(-0.99996) == "-1.0000")
        #expect(ExportEncoder.fourDecimals(0.12345) == nil)
        #expect(ExportEncoder.number(nil) == "")
        #expect(ExportEncoder.number(.nan) == "")
    }
}
