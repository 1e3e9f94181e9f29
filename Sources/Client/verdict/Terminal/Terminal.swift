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

    /// `text` in `style` on a color terminal; as it is elsewhere.
    static func styled(_ text: TerminalText, _ style: Style) -> TerminalText {
        useColor ? TerminalText(alreadySafe: "\u{1B}[\(style.rawValue)m\(text.rendered)\u{1B}[0m") : text
    }

    /// A line on standard output (buffered, as Swift's `print`).
    static func print(_ text: TerminalText) {
        Swift.print(text.rendered)
    }

    /// A message on standard error, which keeps standard output clean for `--json` and pipes.
    static func note(_ text: TerminalText) {
        FileHandle.standardError.write(Data((text.rendered + "\n").utf8))
    }

    /// Text on standard output as it is, unbuffered (the review screen, prompts).
    static func write(_ text: TerminalText) {
        FileHandle.standardOutput.write(Data(text.rendered.utf8))
    }

    /// Clears the screen and puts the cursor top left.
    static func clearScreen() {
        FileHandle.standardOutput.write(Data("\u{1B}[2J\u{1B}[H".utf8))
    }

    /// JSON on standard output, a line feed after it. The encoder escapes C0 controls already; DEL, C1 controls
    /// and invisible or bidi format characters, which it leaves raw, go out as `\uXXXX` escapes too, so the
    /// terminal never sees them and the JSON decodes to the same strings.
    static func writeJSON(_ json: String) {
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            // The encoder's own line feeds and indents are the only ones outside its strings.
            guard TerminalSanitizer.isUnsafe(scalar), scalar != "\n", scalar != "\t" else {
                out.append(scalar)
                continue
            }
            // Such scalars only occur inside JSON strings, where an escape stands for them exactly.
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16, uppercase: true)
                out.append(
                    contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            }
        }
        FileHandle.standardOutput.write(Data((String(out) + "\n").utf8))
    }

    /// The terminal's columns and rows (80 x 24 when standard output is not a terminal).
    static var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else {
            return (80, 24)
        }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// `text` with its lines broken at spaces (see `wrap(_:width:ignoring:)` on `String`).
    static func wrap(_ text: TerminalText, width: Int, ignoring: Set<Character> = []) -> TerminalText {
        TerminalText(alreadySafe: wrap(text.rendered, width: width, ignoring: ignoring))
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

    /// A single-line field from elsewhere, sanitized, then cut to `width` characters with an ellipsis, never
    /// padded.
    static func clip(_ text: String, _ width: Int) -> TerminalText {
        let safe = TerminalSanitizer.singleLine(text)
        return TerminalText(
            alreadySafe: safe.count > width ? String(safe.prefix(max(1, width - 1))) + "\u{2026}" : safe)
    }

    /// A single-line field from elsewhere, sanitized, then cut or padded to `width` characters.
    static func fit(_ text: String, _ width: Int) -> TerminalText {
        let safe = TerminalSanitizer.singleLine(text)
        return TerminalText(
            alreadySafe: safe.count > width
                ? String(safe.prefix(width - 1)) + "\u{2026}"
                : safe.padding(toLength: width, withPad: " ", startingAt: 0))
    }
}
