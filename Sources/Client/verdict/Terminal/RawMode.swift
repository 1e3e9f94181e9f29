import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Single-key input on the terminal: no echo, no line buffering, Ctrl-C read as a key so that the terminal
/// is always restored.
final class RawMode {
    private var original = termios()
    private var active = false

    init() throws {
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { throw CLIError("cannot read the terminal's settings") }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        raw.c_cc.6 = 1  // VMIN: wait for one byte
        raw.c_cc.5 = 0  // VTIME: no timeout
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { throw CLIError("cannot set the terminal up") }
        active = true
    }

    /// Back to the terminal's own settings (for typing a line or running an editor).
    func suspend() {
        if active { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
        active = false
    }

    func resume() {
        guard !active else { return }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        raw.c_cc.6 = 1
        raw.c_cc.5 = 0
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        active = true
    }

    /// Leaves raw mode to read one line typed after `prompt`, then returns to it; "" at the end of input.
    func readLine(prompt: TerminalText) -> String {
        suspend()
        Terminal.write(prompt)
        let line = Swift.readLine() ?? ""
        resume()
        return line
    }

    deinit { suspend() }

    enum Key: Equatable {
        case character(Character)
        case left, right, up, down
        case enter, escape, interrupt, endOfInput
    }

    /// The next key pressed.
    func readKey() -> Key {
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return .endOfInput }
        switch byte {
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x0A, 0x0D: return .enter
        case 0x1B:
            var sequence: [UInt8] = [0, 0]
            var pending = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&pending, 1, 30) > 0, read(STDIN_FILENO, &sequence, 2) == 2, sequence[0] == 0x5B else {
                return .escape
            }
            switch sequence[1] {
            case 0x41: return .up
            case 0x42: return .down
            case 0x43: return .right
            case 0x44: return .left
            default: return .escape
            }
        default:
            // A multi-byte UTF-8 character: read the rest of it.
            var bytes = [byte]
            let extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0
            for _ in 0..<extra {
                var next: UInt8 = 0
                if read(STDIN_FILENO, &next, 1) == 1 { bytes.append(next) }
            }
            return String(decoding: bytes, as: UTF8.self).first.map(Key.character) ?? .escape
        }
    }
}
