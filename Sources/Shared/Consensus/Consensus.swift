import Foundation

/// What the desk's reviewers agree a claim is: majority vote and Dawid-Skene, and a status per claim.
///
/// Labels are category indices into the verdict scale (non-ordinal labels such as `unverifiable` are simply
/// categories of their own). Pure and deterministic: the same ratings give the same answer in any order.
public enum Consensus {
    /// One claim's outcome.
    public struct Outcome: Sendable, Equatable {
        /// The consensus label, or nil when the top labels tie.
        public var label: Int?
        /// The label's probability: its share of the votes (majority) or its posterior (Dawid-Skene).
        public var probability: Double
        /// Verdicts per label.
        public var distribution: [Int]
        /// How many verdicts the claim has.
        public var count: Int { distribution.reduce(0, +) }

        /// The label more than half of the claim's verdicts give, if one does.
        public var strictMajority: Int? {
            let total = count
            return distribution.indices.first { distribution[$0] * 2 > total }
        }
    }

    /// A claim's standing.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Enough verdicts, a probability over the threshold, and not against the claim's own majority.
        case settled
        /// Enough verdicts, but no label is clear (a tie, under the threshold, or a consensus that overrules the
        /// majority of the claim's verdicts): an editor decides.
        case disputed
        /// Too few verdicts to say.
        case needsReview = "needs-review"
    }

    /// When a claim counts as settled.
    public struct Policy: Sendable, Equatable, Codable {
        public var minimumVerdicts: Int
        public var threshold: Double

        public init(minimumVerdicts: Int = 3, threshold: Double = 0.7) {
            self.minimumVerdicts = minimumVerdicts
            self.threshold = threshold
        }

        public func status(of outcome: Outcome) -> Status {
            if outcome.count < minimumVerdicts { return .needsReview }
            guard let label = outcome.label, outcome.probability >= threshold else { return .disputed }
            // A consensus against most of the claim's own verdicts may be right (Dawid-Skene weighs reviewers),
            // but it is never published without an editor.
            if let majority = outcome.strictMajority, majority != label { return .disputed }
            return .settled
        }
    }

    // MARK: Dawid-Skene

    /// Natural logarithm of a probability (smoothed probabilities are never 0; a stray 0 counts as very unlikely).
    static func logOfPositive(_ value: Double) -> Double { value > 0 ? log(value) : -745 }

    /// How Dawid-Skene is fitted, and when its reweighting of reviewers may overrule a claim's majority.
    ///
    /// The rule (README, "Consensus"): each reviewer's confusion matrix starts from a Dirichlet prior worth
    /// `priorStrength` pseudo-verdicts per true label, `priorAccuracy` of them on the diagonal and the rest spread
    /// evenly over the other labels, so that every label is treated alike (renaming or reordering the scale
    /// changes nothing) and a reviewer with few verdicts counts as an ordinary, better-than-chance reviewer rather
    /// than as perfect or as noise; label shares get `classSmoothing` pseudo-claims each, so a label no claim has
    /// yet is still possible. On top of the fit:
    /// - a unanimous claim keeps its label, whatever the rest of the desk looks like;
    /// - unless every reviewer on a claim has at least `minimumVerdictsToReweigh` verdicts on the desk (unless the
    ///   data can support a confusion matrix for each of them), the claim gets the majority vote's label: a
    ///   strict majority keeps its label, and a tie has none (disputed);
    /// - the reported probability is always the posterior of the reported label, so a majority that the model
    ///   doubts is not settled (and ``Policy/status(of:)`` never settles a consensus against a strict majority).
    public struct DawidSkeneOptions: Sendable, Equatable {
        /// Stop when no prior or confusion probability moves by more than this between iterations.
        public var tolerance: Double
        public var maxIterations: Int
        /// Pseudo-verdicts in each row (true label) of each reviewer's confusion matrix before any data.
        public var priorStrength: Double
        /// The share of those on the diagonal: the accuracy a reviewer is assumed to have before any data.
        public var priorAccuracy: Double
        /// Pseudo-claims added to each label's share.
        public var classSmoothing: Double
        /// Verdicts every reviewer on a claim needs before the model may overrule the claim's strict majority.
        public var minimumVerdictsToReweigh: Int

        public init(
            tolerance: Double = 1e-6, maxIterations: Int = 100, priorStrength: Double = 12, priorAccuracy: Double = 0.7,
            classSmoothing: Double = 1, minimumVerdictsToReweigh: Int = 100
        ) {
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.priorStrength = priorStrength
            self.priorAccuracy = priorAccuracy
            self.classSmoothing = classSmoothing
            self.minimumVerdictsToReweigh = minimumVerdictsToReweigh
        }
    }

    /// One claim's majority vote from its votes (nil without any).
    public static func majorityOutcome(_ votes: ArraySlice<Vote>, labels: Int) -> Outcome? {
        guard !votes.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: labels)
        for vote in votes where vote.label >= 0 && Int(vote.label) < labels { counts[Int(vote.label)] += 1 }
        let top = counts.max() ?? 0
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let leaders = counts.indices.filter { counts[$0] == top }
        return Outcome(
            label: leaders.count == 1 ? leaders[0] : nil, probability: Double(top) / Double(total), distribution: counts
        )
    }
}

/// A fitted Dawid-Skene model (Dawid and Skene, 1979): the share of each label among claims and each
/// reviewer's confusion matrix, fitted by expectation-maximization started from the majority vote's label
/// shares, under the priors and the rule of ``Consensus/DawidSkeneOptions``. Fitting reads the votes once per
/// iteration and keeps only the model (reviewers x labels x labels numbers), so its memory does not grow with
/// the number of verdicts; a claim's posterior is then computed from the model and the claim's own votes.
public struct DawidSkeneModel: Sendable, Equatable {
    public let labels: Int
    public let raters: Int
    /// The estimated share of each label among claims.
    public private(set) var priors: [Double]
    /// `confusion[(rater * labels + true) * labels + given]`: how often a reviewer gives a label when another is
    /// true.
    public private(set) var confusion: [Double]
    /// Each reviewer's number of verdicts on the desk.
    public private(set) var verdictCounts: [Int]
    /// See ``Consensus/DawidSkeneOptions/minimumVerdictsToReweigh``.
    public let minimumVerdictsToReweigh: Int
    public private(set) var iterations = 0
    /// False when the iteration cap stopped the fit first.
    public private(set) var converged = false
    private var logPriors: [Double]
    private var logConfusion: [Double]

    /// The M-step: priors and confusion matrices from expected counts (the confusion prior already in
    /// `tallies`).
    private init(
        labels k: Int, tallies: [Double], classTotals: [Double], verdictCounts: [Int],
        options: Consensus.DawidSkeneOptions
    ) {
        labels = k
        raters = verdictCounts.count
        self.verdictCounts = verdictCounts
        minimumVerdictsToReweigh = options.minimumVerdictsToReweigh
        let unitTotal = classTotals.reduce(0, +)
        let smoothing = max(1e-3, options.classSmoothing)
        priors = classTotals.map { ($0 + smoothing) / (unitTotal + smoothing * Double(k)) }
        logPriors = priors.map(Consensus.logOfPositive)
        confusion = tallies
        logConfusion = tallies
        for start in stride(from: 0, to: tallies.count, by: k) {
            var total = 0.0
            for l in 0..<k { total += tallies[start + l] }
            for l in 0..<k {
                let value = total > 0 ? tallies[start + l] / total : 1 / Double(k)
                confusion[start + l] = value
                logConfusion[start + l] = Consensus.logOfPositive(value)
            }
        }
    }

    /// The confusion prior: per reviewer and true label, `priorStrength` pseudo-verdicts, `priorAccuracy` of
    /// them on the diagonal, the rest shared evenly by the other labels.
    private static func priorTallies(raters: Int, labels k: Int, options: Consensus.DawidSkeneOptions) -> [Double] {
        let strength = max(0, options.priorStrength)
        let accuracy = k == 1 ? 1 : min(1, max(0, options.priorAccuracy))
        let diagonal = strength * accuracy
        let offDiagonal = k == 1 ? 0 : strength * (1 - accuracy) / Double(k - 1)
        var tallies = [Double](repeating: offDiagonal, count: raters * k * k)
        for rater in 0..<raters {
            for c in 0..<k { tallies[(rater * k + c) * k + c] = diagonal }
        }
        return tallies
    }

    /// Fits the model to `passes`, reading them once per iteration. Stops when no prior or confusion
    /// probability moves by more than `options.tolerance`, or at `options.maxIterations`.
    public static func fit(
        _ passes: some VotePasses, labels k: Int,
        options: Consensus.DawidSkeneOptions = Consensus.DawidSkeneOptions()
    ) throws -> DawidSkeneModel {
        let raters = passes.raterCount
        let prior = priorTallies(raters: raters, labels: k, options: options)
        var model: DawidSkeneModel?
        var tallies = prior
        var classTotals = [Double](repeating: 0, count: k)
        var verdictCounts = [Int](repeating: 0, count: raters)
        var posterior = [Double](repeating: 0, count: k)
        var iterations = 0
        while iterations < max(1, options.maxIterations) {
            tallies = prior
            for c in 0..<k { classTotals[c] = 0 }
            // One pass: the E-step under the current model (the majority vote's shares at first), each claim's
            // posterior added at once into the next M-step's expected counts. Buffers, not arrays, inside the
            // loop: it runs over every vote every iteration.
            let started = model != nil
            let logPriors = model?.logPriors ?? []
            let logConfusion = model?.logConfusion ?? []
            try tallies.withUnsafeMutableBufferPointer { tally in
                try classTotals.withUnsafeMutableBufferPointer { totals in
                    try posterior.withUnsafeMutableBufferPointer { post in
                        try verdictCounts.withUnsafeMutableBufferPointer { counts in
                            try logPriors.withUnsafeBufferPointer { logPriors in
                                try logConfusion.withUnsafeBufferPointer { logConfusion in
                                    try passes.forEachClaim { _, votes in
                                        if started {
                                            Self.posterior(
                                                votes, labels: k, raters: raters, logPriors: logPriors,
                                                logConfusion: logConfusion, into: post)
                                        } else {
                                            for c in 0..<k { post[c] = 0 }
                                            for vote in votes {
                                                post[Int(vote.label)] += 1
                                                counts[Int(vote.rater)] += 1
                                            }
                                            let total = Double(votes.count)
                                            for c in 0..<k { post[c] /= total }
                                        }
                                        for c in 0..<k { totals[c] += post[c] }
                                        for vote in votes {
                                            let base = Int(vote.rater) * k * k + Int(vote.label)
                                            for c in 0..<k { tally[base + c * k] += post[c] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var next = DawidSkeneModel(
                labels: k, tallies: tallies, classTotals: classTotals, verdictCounts: verdictCounts, options: options)
            iterations += 1
            next.iterations = iterations
            let change = model.map { next.distance(to: $0) } ?? .infinity
            model = next
            if change < options.tolerance {
                model?.converged = true
                break
            }
        }
        return model!
    }

    /// The largest difference between two models' probabilities.
    private func distance(to other: DawidSkeneModel) -> Double {
        var largest = 0.0
        for (a, b) in zip(priors, other.priors) { largest = max(largest, abs(a - b)) }
        for (a, b) in zip(confusion, other.confusion) { largest = max(largest, abs(a - b)) }
        return largest
    }

    /// The E-step for one claim: its posterior over labels given its votes. Votes from reviewers the model
    /// does not know, or with labels outside the scale, tell it nothing.
    public func posterior(_ votes: ArraySlice<Vote>, into posterior: inout [Double]) {
        if posterior.count != labels { posterior = [Double](repeating: 0, count: labels) }
        logPriors.withUnsafeBufferPointer { logPriors in
            logConfusion.withUnsafeBufferPointer { logConfusion in
                posterior.withUnsafeMutableBufferPointer { posterior in
                    Self.posterior(
                        votes, labels: labels, raters: raters, logPriors: logPriors, logConfusion: logConfusion,
                        into: posterior)
                }
            }
        }
    }

    private static func posterior(
        _ votes: ArraySlice<Vote>, labels k: Int, raters: Int, logPriors: UnsafeBufferPointer<Double>,
        logConfusion: UnsafeBufferPointer<Double>, into posterior: UnsafeMutableBufferPointer<Double>
    ) {
        for c in 0..<k { posterior[c] = logPriors[c] }
        for vote in votes {
            let rater = Int(vote.rater)
            let label = Int(vote.label)
            guard rater >= 0, rater < raters, label >= 0, label < k else { continue }
            let base = rater * k * k + label
            for c in 0..<k { posterior[c] += logConfusion[base + c * k] }
        }
        var peak = -Double.infinity
        for c in 0..<k { peak = max(peak, posterior[c]) }
        var sum = 0.0
        for c in 0..<k {
            posterior[c] = exp(posterior[c] - peak)
            sum += posterior[c]
        }
        for c in 0..<k { posterior[c] /= sum }
    }

    /// A claim's outcome from its posterior, by the rule of ``Consensus/DawidSkeneOptions``: a unanimous claim
    /// keeps its label; unless every reviewer on the claim has enough verdicts for the model to weigh them, the
    /// majority vote's label (none on a tie); otherwise the most probable label (nil on an exact tie). The
    /// probability is the posterior of the label given.
    public func outcome(posterior: [Double], votes: ArraySlice<Vote>) -> Consensus.Outcome {
        var counts = [Int](repeating: 0, count: labels)
        for vote in votes where vote.label >= 0 && Int(vote.label) < labels { counts[Int(vote.label)] += 1 }
        let total = counts.reduce(0, +)
        let weighable = votes.allSatisfy { vote in
            vote.rater >= 0 && Int(vote.rater) < raters && verdictCounts[Int(vote.rater)] >= minimumVerdictsToReweigh
        }
        if let majority = counts.indices.first(where: { counts[$0] * 2 > total }), counts[majority] == total {
            // Unanimous: that label, whatever the model thinks of the reviewers.
            return Consensus.Outcome(label: majority, probability: posterior[majority], distribution: counts)
        }
        if !weighable {
            // Too little data to weigh these reviewers: majority vote (a tie has no label), with the model's
            // probability for the label it gives.
            let top = counts.max() ?? 0
            let leaders = counts.indices.filter { counts[$0] == top }
            let label = leaders.count == 1 ? leaders[0] : nil
            return Consensus.Outcome(
                label: label, probability: label.map { posterior[$0] } ?? Double(top) / Double(max(1, total)),
                distribution: counts)
        }
        let best = posterior.max() ?? 0
        let leaders = posterior.indices.filter { best - posterior[$0] < 1e-12 }
        return Consensus.Outcome(label: leaders.count == 1 ? leaders[0] : nil, probability: best, distribution: counts)
    }

    /// The claim's outcome under this model (nil without votes).
    public func outcome(_ votes: ArraySlice<Vote>) -> Consensus.Outcome? {
        guard !votes.isEmpty else { return nil }
        var posterior = [Double](repeating: 0, count: labels)
        self.posterior(votes, into: &posterior)
        return outcome(posterior: posterior, votes: votes)
    }

    /// The estimated probability that the reviewer gives the true label.
    public func accuracy(ofRater rater: Int) -> Double {
        (0..<labels).reduce(0) { $0 + priors[$1] * confusion[(rater * labels + $1) * labels + $1] }
    }
}
