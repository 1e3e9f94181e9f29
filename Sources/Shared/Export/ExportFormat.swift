/// The export formats.
public enum ExportFormat: String, Codable, Sendable, CaseIterable {
    case json, ndjson, csv, claimreview

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .ndjson: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .claimreview: "application/ld+json; charset=utf-8"
        }
    }

    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .ndjson: "ndjson"
        case .csv: "csv"
        case .claimreview: "jsonld"
        }
    }
}
