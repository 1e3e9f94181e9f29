import Foundation

/// Reads articles from files: plain text, Markdown with front matter, and JSON (the server's `import` and the
/// client's `article add`).
///
/// - `.txt`: the first line is the title; `Source:`, `URL:` and `Published:` lines may follow it; the rest,
///   after a blank line, is the body.
/// - `.md` / `.markdown`: a `---` front matter block of `key: value` lines (`title`, `source`, `url`,
///   `published`), or else a first `# Heading` as the title; the rest is the body, kept as written.
/// - `.json`: an object with `title`, `body` and optional `source`, `url`, `published`, or an array of them.
public enum ArticleFile {
    public static let extensions: Set<String> = ["txt", "md", "markdown", "json"]

    /// Why a file could not be read as articles, in words for people.
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The articles in one file.
    public static func parse(
        file: URL, describe: (DecodingError) -> String = { "\($0)" }
    ) throws -> [ArticleInput] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ParseError("cannot read the file: \(error.localizedDescription)")
        }
        switch file.pathExtension.lowercased() {
        case "json": return try parseJSON(data, describe: describe)
        case "md", "markdown": return [try parseMarkdown(try text(data))]
        case "txt": return [try parseText(try text(data))]
        default: throw ParseError("unknown file type '.\(file.pathExtension)'; use .txt, .md or .json")
        }
    }

    private static func text(_ data: Data) throws -> String {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ParseError("the file is not UTF-8 text")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    public static func parseText(_ text: String) throws -> ArticleInput {
        var lines = lines(of: text)
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        guard let title = lines.first?.trimmingCharacters(in: .whitespaces), !title.isEmpty else {
            throw ParseError("the file is empty; the first line must be the title")
        }
        lines.removeFirst()
        var fields: [String: String] = [:]
        while let line = lines.first, let (key, value) = header(line), ["source", "url", "published"].contains(key) {
            fields[key] = value
            lines.removeFirst()
        }
        return ArticleInput(
            title: title, source: fields["source"], url: fields["url"], published: fields["published"],
            body: try body(lines))
    }

    public static func parseMarkdown(_ text: String) throws -> ArticleInput {
        var lines = lines(of: text)
        var fields: [String: String] = [:]
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
            guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
            else { throw ParseError("the front matter starting with '---' is never closed") }
            for line in lines[1..<close] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let (key, value) = header(line) else {
                    throw ParseError("front matter line '\(line.prefix(60))' is not 'key: value'")
                }
                fields[key] = unquote(value)
            }
            lines.removeSubrange(0...close)
        }
        if fields["title"] == nil {
            while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
            if let first = lines.first, first.hasPrefix("# ") {
                fields["title"] = String(first.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                lines.removeFirst()
            }
        }
        guard let title = fields["title"], !title.isEmpty else {
            throw ParseError("no title: add 'title:' to the front matter or start with a '# Heading'")
        }
        return ArticleInput(
            title: title, source: fields["source"], url: fields["url"], published: fields["published"],
            body: try body(lines))
    }

    public static func parseJSON(
        _ data: Data, describe: (DecodingError) -> String = { "\($0)" }
    ) throws -> [ArticleInput] {
        let decoder = JSONDecoder()
        if let one = try? decoder.decode(ArticleInput.self, from: data) { return [one] }
        do {
            return try decoder.decode([ArticleInput].self, from: data)
        } catch let error as DecodingError {
            // Report against the shape the file seems to have.
            let trimmed = String(decoding: data.prefix(64), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            if !trimmed.hasPrefix("["),
                let objectError = Result(catching: { try decoder.decode(ArticleInput.self, from: data) }).failure
                    as? DecodingError
            {
                throw ParseError(describe(objectError))
            }
            throw ParseError(describe(error))
        }
    }

    private static func lines(of text: String) -> [String] {
        TextAnchor.normalize(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private static func header(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else { return nil }
        return (key, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    private static func body(_ lines: [String]) throws -> String {
        var lines = lines
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw ParseError("the article has no body text") }
        return lines.joined(separator: "\n")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
