/// Makes text that came from the server or another user safe to print on a terminal.
///
/// Titles, quotes, rationales, evidence, user names and the server's reasons are typed by other people, and an
/// older database may hold anything. A raw ESC or C1 control in them could move the cursor, rewrite the screen
/// or the window title, or hide text; a bidi override or a zero-width character could make a quote or a URL
/// read as something it is not. Every such scalar is shown instead as `<U+XXXX>` (its code point in hex, at
/// least four digits), a form that cannot be mistaken for the character itself:
///
/// - every control (general category Cc): C0 (NUL, BEL, backspace, ESC, CR...), DEL and C1 (U+0080-U+009F);
/// - every format character (Cf): bidi marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C,
///   U+202A-U+202E, U+2066-U+2069), zero-width space and joiners (U+200B-U+200D), the word joiner and
///   invisible operators (U+2060-U+2064), the byte-order mark U+FEFF, tag characters and the like;
/// - the line and paragraph separators U+2028 and U+2029.
///
/// Multi-line text (article bodies, rationales, summaries, quotes shown on lines of their own) keeps its line
/// feeds and tabs; a single-line field (a title, a name, a URL, a reason) shows them as `<U+000A>` and
/// `<U+0009>` too, so that nothing can start a line that looks like the client's own.
enum TerminalSanitizer {
    /// `text` with every line feed, tab and other unsafe scalar made visible: for single-line fields.
    static func singleLine<Text: StringProtocol>(_ text: Text) -> String {
        sanitize(text, keepingLineBreaks: false)
    }

    /// `text` with its line feeds and tabs kept and every other unsafe scalar made visible.
    static func multiline<Text: StringProtocol>(_ text: Text) -> String {
        sanitize(text, keepingLineBreaks: true)
    }

    /// Whether `scalar` must not reach a terminal as it is.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// The visible form of one scalar: `<U+001B>`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    private static func sanitize<Text: StringProtocol>(_ text: Text, keepingLineBreaks: Bool) -> String {
        // Most text is clean: hand it back untouched.
        guard text.unicodeScalars.contains(where: isUnsafe) else { return String(text) }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
