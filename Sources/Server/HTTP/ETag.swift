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
        guard let version = version(Substring(raw)) else {
            throw APIError.badRequest("If-Match must be a version ETag such as \"3\", not \(raw.prefix(40))")
        }
        return .version(version)
    }

    /// What an `If-None-Match` header asks for.
    enum NoneMatch: Equatable {
        /// No header.
        case none
        /// `*`: only if the record does not exist (a write creates only; a read answers 304 if it exists).
        case any
        /// Only if the record is at none of these versions (a write answers 412, a read 304, if it is).
        case versions(Set<Int>)

        /// True when a record at `version` (nil: none) fails the condition.
        func isMatched(byCurrent version: Int?) -> Bool {
            guard let version else { return false }
            switch self {
            case .none: return false
            case .any: return true
            case .versions(let versions): return versions.contains(version)
            }
        }
    }

    /// Parses `If-None-Match`: `*`, or a comma-separated list of version ETags, strong or weak (`"3"`, `W/"3"`,
    /// `3`), compared weakly as RFC 9110 says; throws 400 for anything else.
    static func ifNoneMatch(_ fields: HTTPFields) throws -> NoneMatch {
        guard let raw = fields[.ifNoneMatch]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return .none }
        if raw == "*" { return .any }
        var versions = Set<Int>()
        for element in raw.split(separator: ",", omittingEmptySubsequences: false) {
            guard let version = version(element.trimmingCharacters(in: .whitespaces)[...]) else {
                throw APIError.badRequest(
                    "If-None-Match must be * or a list of version ETags such as \"3\", W/\"4\", not \(raw.prefix(40))")
            }
            versions.insert(version)
        }
        return .versions(versions)
    }

    /// The version in one entity tag: `"3"`, `W/"3"` or a bare `3`; nil unless it is a version from 1 up.
    private static func version(_ tag: Substring) -> Int? {
        var tag = tag
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
        guard tag.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let version = Int(tag), version >= 1 else {
            return nil
        }
        return version
    }
}
