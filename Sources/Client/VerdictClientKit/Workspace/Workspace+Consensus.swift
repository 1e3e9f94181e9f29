import Foundation
import GRDB
import VerdictShared

/// The desk's agreement and consensus computed from the pulled copy, with the server's code (offline).
extension Workspace {
    /// The agreement report from the verdicts as of the last pull (unpushed edits are not counted), equal to
    /// the server's `GET /v1/agreement` on the same verdicts.
    public func agreementReport(method: ConsensusMethod, minimumShared: Int) throws -> AgreementReport {
        let scale = try scale()
        return try db.read { db in
            try AgreementReport.make(Self.spool(scale: scale, db), method: method, minimumShared: minimumShared)
        }
    }

    /// Writes an export computed from the pulled copy (unpushed edits are not counted) with the desk's scale
    /// and name as last fetched: the same writer as the server's `GET /v1/export`, over one snapshot of the
    /// workspace, so that the consensus and the claims describe the same state.
    @discardableResult
    public func writeExport(
        format: ExportFormat, method: ConsensusMethod, policy: Consensus.Policy,
        to output: (String) async throws -> Void
    ) async throws -> ExportWriter.Summary {
        let scale = try scale()
        let desk = try desk()
        if format == .claimreview, let problem = desk.claimReviewProblem { throw ClientError(problem) }
        let writer = ExportWriter(
            encoder: ExportEncoder(
                format: format, scale: scale, method: method, policy: policy, desk: desk,
                generatedAt: Timestamp.now()))
        return try await writer.write(from: try exportSource(scale: scale, method: method), to: output)
    }

    private func exportSource(scale: VerdictScale, method: ConsensusMethod) throws -> ExportSource {
        ExportSource(snapshot: try db.makeSnapshot(), scale: scale, method: method)
    }

    /// An export's page source over one snapshot of the workspace.
    struct ExportSource: ExportPageSource {
        let snapshot: DatabaseSnapshot
        let scale: VerdictScale
        let method: ConsensusMethod

        func consensus() async throws -> ExportConsensus {
            switch method {
            case .majority: .majority(scale: scale)
            case .dawidSkene:
                try await snapshot.read { db in try ExportConsensus.dawidSkene(Workspace.spool(scale: scale, db)) }
            }
        }

        func claims(afterArticle article: String?, limit: Int) async throws -> [ExportClaim] {
            try await snapshot.read { db in
                let claims = try Workspace.activeClaims(afterArticle: article, limit: limit, db)
                let linked = try Workspace.appearances(of: claims.map(\.id), db)
                let verdicts = try Workspace.liveVerdicts(ofClaims: (claims + linked).map(\.id), db)
                let publications = try Workspace.currentPublications(ofClaims: claims.map(\.id), db)
                let byPrimary = Dictionary(grouping: linked) { $0.linkedTo ?? "" }
                var page: [ExportClaim] = []
                var article: ExportItem.ArticlePart?
                for claim in claims {
                    if article?.id != claim.articleId { article = try Workspace.exportArticle(id: claim.articleId, db) }
                    guard let article else { continue }
                    let appearances = try (byPrimary[claim.id] ?? []).compactMap { other in
                        try Workspace.exportArticle(id: other.articleId, db).map { (claim: other, article: $0) }
                    }
                    let all = (verdicts[claim.id] ?? []) + appearances.flatMap { verdicts[$0.claim.id] ?? [] }
                    page.append(
                        ExportClaim(
                            claim: claim, article: article,
                            verdicts: appearances.isEmpty ? all : ExportClaim.onePerReviewer(all),
                            publication: publications[claim.id], appearances: appearances))
                }
                return page
            }
        }
    }
}
