import VerdictShared

/// Votes held in memory, for the array forms of the consensus math (`Consensus+Reference.swift`).
struct VoteList: VotePasses {
    var votes: [Vote] = []
    /// Where each claim's votes start in `votes`, plus one end marker.
    var starts: [Int] = [0]
    var raterCount: Int
    /// Unit ids by claim index.
    let unitIDs: [Int]
    /// Rater ids by reviewer index.
    let raterIDs: [Int]

    /// Ratings in dense form: units and raters in sorted order, votes sorted by (unit, rater, label), labels
    /// outside `0..<labels` left out.
    init(_ ratings: [Agreement.Rating], labels: Int) {
        let valid = ratings.filter { $0.value >= 0 && $0.value < labels }
        let unitIDs = Array(Set(valid.map(\.unit))).sorted()
        let raterIDs = Array(Set(valid.map(\.rater))).sorted()
        let unitIndex = Dictionary(uniqueKeysWithValues: unitIDs.enumerated().map { ($1, $0) })
        let raterIndex = Dictionary(uniqueKeysWithValues: raterIDs.enumerated().map { ($1, $0) })
        var dense = valid.map { (unit: unitIndex[$0.unit]!, rater: raterIndex[$0.rater]!, label: $0.value) }
        dense.sort { ($0.unit, $0.rater, $0.label) < ($1.unit, $1.rater, $1.label) }
        raterCount = raterIDs.count
        self.unitIDs = unitIDs
        self.raterIDs = raterIDs
        var unit = 0
        for vote in dense {
            while vote.unit > unit {
                starts.append(votes.count)
                unit += 1
            }
            votes.append(Vote(rater: Int32(vote.rater), label: Int32(vote.label)))
        }
        if !dense.isEmpty { starts.append(votes.count) }
    }

    var claimCount: Int { starts.count - 1 }

    func votes(ofClaim index: Int) -> ArraySlice<Vote> { votes[starts[index]..<starts[index + 1]] }

    func forEachClaim(_ body: (Int, ArraySlice<Vote>) throws -> Void) throws {
        for index in 0..<claimCount { try body(0, votes(ofClaim: index)) }
    }
}
