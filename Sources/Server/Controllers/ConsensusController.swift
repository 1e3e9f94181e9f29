import Hummingbird
import VerdictShared

/// Consensus and agreement over the desk's live verdicts.
struct ConsensusController {
    let store: any VerdictStore
    let scale: VerdictScale

    func addRoutes(to group: APIRoutes) {
        group.get("agreement", use: agreement)
    }

    /// `GET /v1/agreement?method=majority|dawid-skene&minShared=N`: Krippendorff's alpha (nominal, ordinal,
    /// interval) for the desk and per article, Fleiss' kappa or why it does not apply, Cohen's kappa for every
    /// pair of reviewers with at least `minShared` claims in common (default 5), and each reviewer's
    /// agreement with the consensus and Dawid-Skene accuracy.
    @Sendable func agreement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let method = try Self.method(request)
        let minimumShared = try Query.int(request, "minShared", default: 5, range: 1...Int.max)
        let table = try await store.verdictTable(scale: scale)
        return try Response.json(AgreementReport.make(table, method: method, minimumShared: minimumShared))
    }

    static func method(_ request: Request) throws -> ConsensusMethod {
        guard let raw = request.uri.queryParameters["method"] else { return .dawidSkene }
        guard let method = ConsensusMethod(rawValue: String(raw)) else {
            throw APIError.badRequest(
                "query parameter 'method' must be one of \(ConsensusMethod.allCases.map(\.rawValue).joined(separator: ", ")), "
                    + "not '\(raw.prefix(40))'")
        }
        return method
    }
}
