import Foundation
import VerdictClientKit

/// A progress bar on standard error, drawn only on a terminal and only once the work has lasted `delay`
/// (a second; `VERDICT_PROGRESS_DELAY` sets another number of seconds, 0 draws at once).
final class ProgressBar: SyncProgress {
    private let label: String
    private let unit: String
    private let delay: TimeInterval
    private var total: Int?
    private var done = 0
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, unit: String, delay: TimeInterval = ProgressBar.defaultDelay) {
        self.label = label
        self.unit = unit
        self.delay = delay
    }

    /// The wait before a bar is drawn: `VERDICT_PROGRESS_DELAY` seconds, else 1.
    static var defaultDelay: TimeInterval {
        guard let value = ProcessInfo.processInfo.environment["VERDICT_PROGRESS_DELAY"].flatMap(Double.init),
            value.isFinite, value >= 0
        else { return 1 }
        return value
    }

    /// A bar if standard error is a terminal, else nil (nothing is drawn).
    static func onTerminal(label: String, unit: String) -> ProgressBar? {
        Terminal.stderrIsTerminal ? ProgressBar(label: label, unit: unit) : nil
    }

    func start(total: Int?) {
        self.total = total
        done = 0
        started = Date()
    }

    func advance(by count: Int, note: String?) {
        done += count
        let now = Date()
        guard now.timeIntervalSince(started) >= delay, now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        var line = "\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += "\(Int(fraction * 100))% \(done)/\(total) \(unit)"
        } else {
            line += "\(done) \(unit)"
            if let note { line += " (\(TerminalSanitizer.singleLine(note)))" }
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
