import VerdictShared

/// What the user's verdict on a claim is here: the latest local edit if any, else the server's.
enum LocalVerdict {
    case unrated
    case server(Verdict)
    case edited(VerdictInput, OutboxEntry)
    case deleted(OutboxEntry)

    var input: VerdictInput? {
        switch self {
        case .unrated, .deleted: nil
        case .server(let verdict):
            VerdictInput(
                id: verdict.id, claimId: verdict.claimId, label: verdict.label, confidence: verdict.confidence,
                rationale: verdict.rationale, evidence: verdict.evidence)
        case .edited(let input, _): input
        }
    }

    var entry: OutboxEntry? {
        switch self {
        case .unrated, .server: nil
        case .edited(_, let entry), .deleted(let entry): entry
        }
    }
}
