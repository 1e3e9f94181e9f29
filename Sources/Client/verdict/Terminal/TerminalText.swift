/// Text on its way to the terminal, safe to write as it is.
///
/// The client's own words are string literals and go out as written; every string interpolated into a
/// `TerminalText` (`"Rated claim \(id)"`) may have come from the server or another user and goes through
/// `TerminalSanitizer` as a single-line field; `\(multiline: text)` keeps its line feeds and tabs. Styles
/// (`Terminal.styled`) are the only escape sequences a `TerminalText` can hold. `Terminal.print`,
/// `Terminal.note` and `Terminal.write` take nothing else, so a command cannot print server text around the
/// sanitizer by mistake; interpolating a `TerminalText` into a plain `String` does not compile either.
struct TerminalText: ExpressibleByStringInterpolation, Sendable, Equatable {
    /// The text as it goes to the terminal.
    fileprivate(set) var rendered: String

    init(stringLiteral value: String) {
        rendered = value
    }

    init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.rendered
    }

    /// A single-line field from elsewhere, its line breaks and other unsafe scalars made visible.
    init<Text: StringProtocol>(_ text: Text) {
        rendered = TerminalSanitizer.singleLine(text)
    }

    /// Multi-line text from elsewhere: line feeds and tabs kept, other unsafe scalars made visible.
    init<Text: StringProtocol>(multiline text: Text) {
        rendered = TerminalSanitizer.multiline(text)
    }

    /// Text the caller has already made safe (sanitized, then given the client's own escape sequences).
    init(alreadySafe rendered: String) {
        self.rendered = rendered
    }

    /// How many characters the text takes, not counting its styles' escape sequences.
    var count: Int {
        var count = 0
        var inEscape = false
        for character in rendered {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    var isEmpty: Bool { rendered.isEmpty }

    static func + (lhs: TerminalText, rhs: TerminalText) -> TerminalText {
        TerminalText(alreadySafe: lhs.rendered + rhs.rendered)
    }

    static func += (lhs: inout TerminalText, rhs: TerminalText) {
        lhs.rendered += rhs.rendered
    }

    /// Builds a `TerminalText`: literals as written, interpolated values sanitized.
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var rendered = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            rendered += literal
        }

        /// Text already safe for the terminal, styles and all.
        mutating func appendInterpolation(_ text: TerminalText) {
            rendered += text.rendered
        }

        /// A single-line field: every unsafe scalar, line feeds and tabs too, made visible.
        mutating func appendInterpolation<Text: StringProtocol>(_ text: Text) {
            rendered += TerminalSanitizer.singleLine(text)
        }

        /// Multi-line text: line feeds and tabs kept, every other unsafe scalar made visible.
        mutating func appendInterpolation<Text: StringProtocol>(multiline text: Text) {
            rendered += TerminalSanitizer.multiline(text)
        }

        /// Any other value, by its description, sanitized as a single line.
        mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            rendered += TerminalSanitizer.singleLine(value.description)
        }
    }
}

extension Sequence where Element == TerminalText {
    /// The texts one after another, `separator` between them.
    func joined(separator: TerminalText = "") -> TerminalText {
        var out = TerminalText(alreadySafe: "")
        for (index, text) in enumerated() {
            if index > 0 { out += separator }
            out += text
        }
        return out
    }
}

extension DefaultStringInterpolation {
    /// A `TerminalText` in a plain `String` would print its debug form; build a `TerminalText` instead.
    @available(*, unavailable, message: "interpolate into a TerminalText, not a String")
    mutating func appendInterpolation(_ text: TerminalText) {}
}
