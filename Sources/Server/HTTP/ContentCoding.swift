import CompressNIO
import Foundation

/// The response content codings the server can apply (RFC 9110 section 8.4.1).
enum ContentCoding: String, Sendable {
    case gzip
    /// HTTP's `deflate` is the zlib format (RFC 1950), not raw deflate.
    case deflate

    /// The zlib stream that produces this coding.
    var algorithm: ZlibAlgorithm {
        switch self {
        case .gzip: .gzip
        case .deflate: .zlib
        }
    }

    /// The coding an `Accept-Encoding` value asks for, gzip before deflate when both are as welcome; nil when it
    /// names neither (nor `*`), or gives both `q=0`. An empty value (no header) asks for none: the body goes as
    /// it is.
    static func preferred(byAcceptEncoding header: String) -> ContentCoding? {
        var weights: [String: Double] = [:]
        for element in header.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let first = parts.first else { continue }
            var name = first.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "x-gzip" { name = "gzip" }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "q" else {
                    continue
                }
                weight = Double(pair[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
            weights[name] = weight
        }
        func weight(_ coding: ContentCoding) -> Double { weights[coding.rawValue] ?? weights["*"] ?? 0 }
        let gzip = weight(.gzip)
        let deflate = weight(.deflate)
        guard max(gzip, deflate) > 0 else { return nil }
        return gzip >= deflate ? .gzip : .deflate
    }
}
