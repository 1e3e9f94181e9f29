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

    /// Writes an export computed from the pulled copy, in one read transaction so that the consensus and the
    /// claims describe the same state; `write` gets the text in order, a page at a time.
    public func writeExport(
        format: ExportFormat, method: ConsensusMethod, policy: Consensus.Policy, includeUnsettled: Bool,
        to write: (String) throws -> Void
    ) throws {
        let scale = try scale()
        let desk = try desk()
        let encoder = ExportEncoder(
            format: format, scale: scale, method: method, policy: policy, deskName: desk.name, deskURL: desk.url,
            includeUnsettled: includeUnsettled, generatedAt: Timestamp.now())
        try db.read { db in
            let consensus =
                method == .majority
                ? ExportConsensus.majority(scale: scale)
                : try ExportConsensus.dawidSkene(Self.spool(scale: scale, db))
            try write(encoder.header())
            var first = true
            var after: String?
            while true {
                let claims = try Self.activeClaims(afterArticle: after, limit: 500, db)
                guard let last = claims.last else { break }
                after = last.articleId
                let verdicts = try Self.liveVerdicts(ofClaims: claims.map(\.id), db)
                var page: [ExportClaim] = []
                var article: ExportItem.ArticlePart?
                for claim in claims {
                    if article?.id != claim.articleId { article = try Self.exportArticle(id: claim.articleId, db) }
                    guard let article else { continue }
                    page.append(ExportClaim(claim: claim, article: article, verdicts: verdicts[claim.id] ?? []))
                }
                var text = ""
                for item in consensus.items(page, policy: policy) {
                    if let encoded = try encoder.encode(item, first: first) {
                        text += encoded
                        first = false
                    }
                }
                try write(text)
            }
            try write(encoder.footer())
        }
    }
}
