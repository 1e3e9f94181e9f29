/// How the desk runs its review: blind review, how many verdicts a claim should get, and what a publication
/// needs before an editor may publish it without giving a reason.
public struct DeskWorkflow: Codable, Sendable, Equatable {
    /// While true, a reviewer sees no other reviewer's verdict on a claim (label, rationale, evidence, the
    /// distribution, the consensus) until they have given their own on it, or the claim is published. Editors
    /// and admins see everything.
    public var blindReview: Bool
    /// Independent verdicts wanted per claim (an article may ask for another number).
    public var targetVerdicts: Int
    /// A publication with fewer live verdicts than this needs a stated reason.
    public var quorumVerdicts: Int
    /// A publication whose consensus probability is below this needs a stated reason (0.6 lets two of three
    /// carry, as on desks where two of three editors' votes decide).
    public var quorumProbability: Double

    public init(
        blindReview: Bool = true, targetVerdicts: Int = 3, quorumVerdicts: Int = 3, quorumProbability: Double = 0.6
    ) {
        self.blindReview = blindReview
        self.targetVerdicts = targetVerdicts
        self.quorumVerdicts = quorumVerdicts
        self.quorumProbability = quorumProbability
    }

    enum CodingKeys: String, CodingKey {
        case blindReview, targetVerdicts, quorumVerdicts, quorumProbability
    }

    /// Every key may be left out (older servers, and config files that set only some of them).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DeskWorkflow()
        blindReview = try container.decodeIfPresent(Bool.self, forKey: .blindReview) ?? defaults.blindReview
        targetVerdicts = try container.decodeIfPresent(Int.self, forKey: .targetVerdicts) ?? defaults.targetVerdicts
        quorumVerdicts = try container.decodeIfPresent(Int.self, forKey: .quorumVerdicts) ?? defaults.quorumVerdicts
        quorumProbability =
            try container.decodeIfPresent(Double.self, forKey: .quorumProbability) ?? defaults.quorumProbability
    }

    /// Why publishing `label` needs a stated reason (it overrules the claim's consensus, or the claim lacks the
    /// quorum), in words; nil when the consensus and the quorum back it. The server and the client both ask this.
    public func reasonNeeded(publishing label: String, consensus: PublishedConsensus) -> String? {
        let percent = Int((consensus.probability * 100).rounded())
        if consensus.verdicts < quorumVerdicts {
            return "the claim has \(consensus.verdicts) verdict\(consensus.verdicts == 1 ? "" : "s"), "
                + "fewer than the desk's quorum of \(quorumVerdicts)"
        }
        guard let agreed = consensus.label else { return "the verdicts tie, so the claim has no consensus" }
        if agreed != label { return "the consensus is \(agreed) (\(percent)% of the verdicts), not \(label)" }
        if consensus.probability < quorumProbability {
            return "only \(percent)% of the verdicts say \(label), under the desk's quorum of "
                + "\(Int((quorumProbability * 100).rounded()))%"
        }
        return nil
    }

    /// What is wrong with these settings, for the person who wrote the config file.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...100).contains(targetVerdicts) { problems.append("workflow.targetVerdicts must be from 1 to 100") }
        if quorumVerdicts < 1 { problems.append("workflow.quorumVerdicts must be at least 1") }
        if !quorumProbability.isFinite || !(0...1).contains(quorumProbability) {
            problems.append("workflow.quorumProbability must be from 0 to 1")
        }
        return problems
    }
}
