import Foundation
import HTTPTypes

/// Record versions as HTTP entity tags: version 3 is `"3"`.
enum ETag {
    static func make(_ version: Int) -> String { "\"\(version)\"" }

    /// What an `If-Match` header asks for.
    enum Precondition: Equatable {
        /// No header: the request creates.
        case none
        /// `*`: whatever version is current.
        case any
        case version(Int)
    }

    /// Parses `If-Match` (`"3"`, `W/"3"`, `3` or `*`); throws 400 for anything else.
    static func ifMatch(_ fields: HTTPFields) throws -> Precondition {
        guard let raw = fields[.ifMatch]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return .none }
        if raw == "*" { return .any }
        var tag = Substring(raw)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
        guard let version = Int(tag), version >= 1 else {
            throw APIError.badRequest("If-Match must be a version ETag such as \"3\", not \(raw.prefix(40))")
        }
        return .version(version)
    }

    /// True when `If-None-Match: *` asks to create only.
    static func createOnly(_ fields: HTTPFields) -> Bool {
        fields[.ifNoneMatch]?.trimmingCharacters(in: .whitespaces) == "*"
    }
}
