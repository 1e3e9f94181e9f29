import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the client knows about where its output goes.
enum Terminal {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    static let stdinIsTerminal = isatty(STDIN_FILENO) == 1

    /// Color only on a terminal, never with `NO_COLOR` set (https://no-color.org) or on a dumb terminal.
    static let useColor: Bool = {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return stdoutIsTerminal
    }()

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case underline = "4"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
        case highlight = "1;4;33"
    }

    static func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A message on standard error, which keeps standard output clean for `--json` and pipes.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// A progress bar on standard error, drawn only on a terminal and only once the work has lasted a second.
final class Progress {
    private let label: String
    private let unit: String
    private var total: Int?
    private var done = 0
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    /// A bar if standard error is a terminal, else nil (nothing is drawn).
    static func onTerminal(label: String, unit: String) -> Progress? {
        Terminal.stderrIsTerminal ? Progress(label: label, unit: unit) : nil
    }

    func start(total: Int?) {
        self.total = total
        done = 0
        started = Date()
    }

    func advance(by count: Int, note: String?) {
        done += count
        let now = Date()
        guard now.timeIntervalSince(started) >= 1, now.timeIntervalSince(lastDraw) >= 0.1 else { return }
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
            if let note { line += " (\(note))" }
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
