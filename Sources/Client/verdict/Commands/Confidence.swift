import ArgumentParser
import Foundation

/// A confidence as a person types it: a share from 0 to 1 (0.7) or a percentage (70, 70%).
enum Confidence {
    /// `--confidence`'s value, or a clear error.
    static func argument(_ text: String) throws -> Double {
        guard let value = parse(text) else {
            throw ValidationError("--confidence must be between 0 and 1, or a percentage up to 100, not '\(text)'")
        }
        return value
    }

    /// 0.7, 70 and 70% all give 0.7; nil for anything else, or outside 0-100%.
    static func parse(_ text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        if percent { text.removeLast() }
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite, number >= 0 else {
            return nil
        }
        if percent || number > 1 { return number <= 100 ? number / 100 : nil }
        return number
    }

    /// "70%".
    static func shown(_ value: Double) -> String {
        let percent = value * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : String(format: "%.1f%%", percent)
    }
}
