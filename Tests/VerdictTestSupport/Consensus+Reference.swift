import VerdictShared

/// Majority vote and Dawid-Skene over ratings given as an array: what the tests and the benchmark compare
/// with the streamed forms (`VoteSpool`, `DawidSkeneModel`), keyed by the ratings' own unit and rater ids.
extension Consensus {
    /// Per claim: the label most verdicts chose, with its share; a tie for the top gives no label.
    public static func majority(_ ratings: [Agreement.Rating], labels: Int) -> [Int: Outcome] {
        let list = VoteList(ratings, labels: labels)
        var outcomes: [Int: Outcome] = [:]
        for (index, id) in list.unitIDs.enumerated() {
            outcomes[id] = majorityOutcome(list.votes(ofClaim: index), labels: labels)
        }
        return outcomes
    }

    /// A Dawid-Skene fit, keyed by the ratings' unit and rater ids.
    public struct DawidSkeneResult: Sendable {
        /// Per claim: the most probable label (nil on an exact tie) and its posterior probability.
        public var outcomes: [Int: Outcome]
        /// Per claim: the posterior over labels.
        public var posteriors: [Int: [Double]]
        /// The estimated share of each label among claims.
        public var priors: [Double]
        /// Per reviewer: `confusion[true][given]`, the probability of giving a label when another is true.
        public var confusion: [Int: [[Double]]]
        /// Per reviewer: the estimated probability of giving the true label.
        public var accuracy: [Int: Double]
        public var iterations: Int
        public var converged: Bool
    }

    /// Dawid and Skene (1979) over ratings given as an array; see `DawidSkeneModel`. Throws only what
    /// `DawidSkeneModel.fit` throws (votes in memory give it nothing to throw).
    public static func dawidSkene(
        _ ratings: [Agreement.Rating], labels: Int, options: DawidSkeneOptions = DawidSkeneOptions()
    ) throws -> DawidSkeneResult {
        let list = VoteList(ratings, labels: labels)
        let model = try DawidSkeneModel.fit(list, labels: labels, options: options)
        var outcomes: [Int: Outcome] = [:]
        var posteriors: [Int: [Double]] = [:]
        var posterior = [Double](repeating: 0, count: labels)
        for (index, id) in list.unitIDs.enumerated() {
            let votes = list.votes(ofClaim: index)
            model.posterior(votes, into: &posterior)
            outcomes[id] = model.outcome(posterior: posterior, votes: votes)
            posteriors[id] = posterior
        }
        var confusion: [Int: [[Double]]] = [:]
        var accuracy: [Int: Double] = [:]
        for (index, id) in list.raterIDs.enumerated() {
            confusion[id] = model.confusionMatrix(ofRater: index)
            accuracy[id] = model.accuracy(ofRater: index)
        }
        return DawidSkeneResult(
            outcomes: outcomes, posteriors: posteriors, priors: model.priors, confusion: confusion,
            accuracy: accuracy, iterations: model.iterations, converged: model.converged)
    }
}

extension DawidSkeneModel {
    /// `matrix[true][given]` for one reviewer.
    public func confusionMatrix(ofRater rater: Int) -> [[Double]] {
        (0..<labels).map { c in
            Array(confusion[((rater * labels + c) * labels)..<((rater * labels + c) * labels + labels)])
        }
    }
}
