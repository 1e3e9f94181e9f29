/// How an export gives each claim its consensus while it streams: majority vote needs only the claim's
/// own verdicts; Dawid-Skene needs the desk's fitted model (reviewers x labels x labels numbers), fitted
/// beforehand from a ``VoteSpool`` of the same snapshot.
public struct ExportConsensus: Sendable {
    public let method: ConsensusMethod
    public let scale: VerdictScale
    private let model: DawidSkeneModel?
    private let reviewerIndex: [String: Int32]
    private let labelIndex: [String: Int32]

    private init(method: ConsensusMethod, scale: VerdictScale, model: DawidSkeneModel?, reviewers: [String: Int32]) {
        self.method = method
        self.scale = scale
        self.model = model
        reviewerIndex = reviewers
        labelIndex = Dictionary(uniqueKeysWithValues: scale.labels.enumerated().map { ($1.id, Int32($0)) })
    }

    public static func majority(scale: VerdictScale) -> ExportConsensus {
        ExportConsensus(method: .majority, scale: scale, model: nil, reviewers: [:])
    }

    /// Fits Dawid-Skene to the spool's verdicts.
    public static func dawidSkene(
        _ spool: VoteSpool, options: Consensus.DawidSkeneOptions = Consensus.DawidSkeneOptions()
    ) throws -> ExportConsensus {
        let model = try DawidSkeneModel.fit(spool, labels: spool.scale.labels.count, options: options)
        return ExportConsensus(method: .dawidSkene, scale: spool.scale, model: model, reviewers: spool.reviewerIndices)
    }

    /// A claim's live verdicts as votes, in the order the spool read them (reviewers in byte order); labels
    /// no longer on the scale are left out.
    func votes(_ verdicts: [Verdict]) -> [Vote] {
        verdicts.sorted { $0.reviewer.utf8.lexicographicallyPrecedes($1.reviewer.utf8) }.compactMap { verdict in
            labelIndex[verdict.label].map { Vote(rater: reviewerIndex[verdict.reviewer] ?? -1, label: $0) }
        }
    }

    /// The export items of `claims`, which must hold whole articles (every active claim of each article in
    /// it, consecutively): an article's alpha is computed from them.
    public func items(_ claims: [ExportClaim], policy: Consensus.Policy) -> [ExportItem] {
        var items: [ExportItem] = []
        items.reserveCapacity(claims.count)
        let labels = scale.labels.count
        var start = 0
        while start < claims.count {
            var end = start + 1
            while end < claims.count, claims[end].article.id == claims[start].article.id { end += 1 }
            let votes = claims[start..<end].map { self.votes($0.verdicts) }
            var tally = AlphaTally(scale: scale)
            for claimVotes in votes { tally.add(claimVotes[...]) }
            let alpha = tally.alpha
            for (offset, entry) in claims[start..<end].enumerated() {
                let claimVotes = votes[offset][...]
                let outcome =
                    model.map { $0.outcome(claimVotes) } ?? Consensus.majorityOutcome(claimVotes, labels: labels)
                items.append(
                    ExportItem.make(
                        claim: entry.claim, article: entry.article, verdicts: entry.verdicts, outcome: outcome,
                        method: method, policy: policy, scale: scale, articleAlpha: alpha,
                        publication: entry.publication, appearances: entry.appearances))
            }
            start = end
        }
        return items
    }
}
