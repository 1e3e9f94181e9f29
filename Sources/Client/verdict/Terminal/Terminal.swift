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

    /// The terminal's columns and rows (80 x 24 when standard output is not a terminal).
    static var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else {
            return (80, 24)
        }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// `text` with its lines broken at spaces so that none is wider than `width` characters (a word longer than
    /// that stands alone); characters in `ignoring` take no room. Existing line breaks are kept.
    static func wrap(_ text: String, width: Int, ignoring: Set<Character> = []) -> String {
        guard width > 1 else { return text }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let length = word.filter { !ignoring.contains($0) }.count
                if used > 0 && used + 1 + length > width {
                    lines.append(line)
                    line = String(word)
                    used = length
                } else {
                    line += (used > 0 || !line.isEmpty ? " " : "") + word
                    used += (used > 0 ? 1 : 0) + length
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The text cut to `width` characters with an ellipsis, never padded.
    static func clip(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(max(1, width - 1))) + "\u{2026}" : text
    }

    /// `text` cut or padded to `width` characters.
    static func fit(_ text: String, _ width: Int) -> String {
        text.count > width
            ? String(text.prefix(width - 1)) + "\u{2026}" : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
