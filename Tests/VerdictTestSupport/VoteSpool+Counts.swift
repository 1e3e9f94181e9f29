import VerdictShared

/// What a spool holds, counted by reading it back: a pass, so nothing can be added after it.
extension VoteSpool {
    /// Claims with at least one vote.
    public var claimCount: Int {
        get throws {
            var claims = 0
            try forEachClaim { _, _ in claims += 1 }
            return claims
        }
    }

    /// Votes over all claims.
    public var voteCount: Int {
        get throws {
            var votes = 0
            try forEachClaim { _, claimVotes in votes += claimVotes.count }
            return votes
        }
    }
}
