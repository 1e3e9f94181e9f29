import Hummingbird
import VerdictShared

/// Consensus and agreement over the desk's live verdicts.
struct ConsensusController {
    let store: any ConsensusStore
    let scale: VerdictScale
    /// Names the desk in exports; its policy is the default for `minVerdicts` and `threshold`.
    let desk: DeskInfo

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("agreement", use: agreement)
        group.get("export", use: export)
    }

    /// `GET /v1/export?format=json|ndjson|csv|claimreview&method=majority|dawid-skene&minVerdicts=N&threshold=X`
    /// (editors and admins): every active claim with its verdicts, label distribution, consensus, status, its
    /// article's alpha and its publication, streamed article by article (in reading order) from one snapshot.
    /// ClaimReview carries published claims only.
    @Sendable func export(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard context.identity.can(.editor) else {
            throw APIError.forbidden("exports are for editors and admins; reviewers can use GET /v1/agreement")
        }
        let format: ExportFormat
        if let raw = request.uri.queryParameters["format"] {
            guard let known = ExportFormat(rawValue: String(raw)) else {
                throw APIError.badRequest(
                    "query parameter 'format' must be one of "
                        + "\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
            }
            format = known
        } else {
            format = .json
        }
        if format == .claimreview, let problem = desk.claimReviewProblem {
            throw APIError(.conflict, code: "no-review-url", problem)
        }
        let method = try Self.method(request)
        var policy = desk.consensus
        policy.minimumVerdicts = try Query.int(
            request, "minVerdicts", default: policy.minimumVerdicts, range: 1...Int.max)
        if let raw = request.uri.queryParameters["threshold"] {
            guard let value = Double(String(raw)), value.isFinite, (0...1).contains(value) else {
                throw APIError.badRequest(
                    "query parameter 'threshold' must be a number from 0 to 1, not '\(raw.prefix(40))'")
            }
            policy.threshold = value
        }
        if request.uri.queryParameters["all"] != nil {
            throw APIError.badRequest(
                "query parameter 'all' is no longer taken: ClaimReview carries the desk's published verdicts only "
                    + "(publish with PUT /v1/publications/{id}); the other formats carry every claim")
        }

        let snapshot = try await store.exportSnapshot(scale: scale, method: method)
        let writer = ExportWriter(
            encoder: ExportEncoder(
                format: format, scale: scale, method: method, policy: policy, desk: desk,
                generatedAt: Timestamp.now()))
        let body = ResponseBody { output in
            try await writer.write(from: snapshot) { text in try await output.write(ByteBuffer(string: text)) }
            try await output.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "attachment; filename=\"verdict-export.\(format.fileExtension)\"",
            ], body: body)
    }

    /// `GET /v1/agreement?method=majority|dawid-skene&minShared=N`: Krippendorff's alpha (nominal, ordinal,
    /// interval) for the desk and per article, Fleiss' kappa or why it does not apply, Cohen's kappa for every
    /// pair of reviewers with at least `minShared` claims in common (default 5), and each reviewer's
    /// agreement with the consensus and Dawid-Skene accuracy.
    @Sendable func agreement(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let method = try Self.method(request)
        let minimumShared = try Query.int(request, "minShared", default: 5, range: 1...Int.max)
        return try Response.json(
            await store.agreementReport(
                scale: scale, method: method, minimumShared: minimumShared,
                visibility: VerdictVisibility(context.identity, workflow: desk.workflow)))
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
