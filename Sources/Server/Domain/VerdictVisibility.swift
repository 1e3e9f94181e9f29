import VerdictShared

/// What a reader may see of other reviewers' verdicts.
///
/// Under the desk's blind review a reviewer sees another reviewer's verdict on a claim only once they have given
/// a verdict of their own on it (a later delete does not hide the others again), or once the claim is published.
/// Both conditions only ever become true, so what a reader may see only grows: that is what lets the change feed
/// withhold a change and release it later (docs/PROTOCOL.md, "Blind review").
enum VerdictVisibility: Sendable, Equatable {
    /// Editors and admins, and everyone when blind review is off.
    case everything
    /// A reviewer under blind review.
    case blind(reviewer: String)

    init(_ identity: Identity, workflow: DeskWorkflow) {
        self = workflow.blindReview && !identity.can(.editor) ? .blind(reviewer: identity.name) : .everything
    }

    /// The reviewer whose view is restricted, or nil when nothing is hidden.
    var blindReviewer: String? {
        switch self {
        case .everything: nil
        case .blind(let reviewer): reviewer
        }
    }
}
