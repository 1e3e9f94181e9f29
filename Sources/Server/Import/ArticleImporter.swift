import Foundation
import Hummingbird
import VerdictShared

/// Finds article files to import and reads them with ``ArticleFile`` (plain text, Markdown with front matter,
/// JSON).
enum ArticleImporter {
    static let extensions = ArticleFile.extensions

    struct ImportError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The importable files named by `paths`: files as given, directories searched recursively, sorted.
    static func files(in paths: [String]) throws -> [URL] {
        var found: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ImportError("\(path): no such file or directory")
            }
            let url = URL(fileURLWithPath: path)
            if !isDirectory.boolValue {
                found.append(url)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else {
                throw ImportError("\(path): cannot list the directory")
            }
            var inDirectory: [URL] = []
            for case let file as URL in enumerator where extensions.contains(file.pathExtension.lowercased()) {
                if file.lastPathComponent.uppercased() == "CLAIMS.MD"
                    || file.lastPathComponent.uppercased() == "README.MD"
                {
                    continue
                }
                inDirectory.append(file)
            }
            found += inDirectory.sorted { $0.path < $1.path }
        }
        return found
    }

    /// The articles in one file.
    static func parse(file: URL) throws -> [ArticleInput] {
        do {
            return try ArticleFile.parse(file: file, describe: Request.describe)
        } catch let error as ArticleFile.ParseError {
            throw ImportError(error.description)
        }
    }
}
