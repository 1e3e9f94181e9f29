import Hummingbird

/// Query-string parameters with clear 400s.
enum Query {
    static func optionalInt(_ request: Request, _ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw APIError.badRequest(
                "query parameter '\(name)' must be an integer from \(range.lowerBound)"
                    + (range.upperBound == Int.max ? " up" : " to \(range.upperBound)") + ", not '\(raw.prefix(40))'")
        }
        return value
    }

    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        try optionalInt(request, name, range: range) ?? value
    }
}
