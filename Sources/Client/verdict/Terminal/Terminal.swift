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

    /// `text` cut or padded to `width` characters.
    static func fit(_ text: String, _ width: Int) -> String {
        text.count > width
            ? String(text.prefix(width - 1)) + "\u{2026}" : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
