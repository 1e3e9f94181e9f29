/// Size limits on what clients write, in Unicode scalars unless named otherwise.
struct ContentLimits: Sendable {
    var title = 1_000
    var source = 200
    var url = 2_048
    var body = 500_000
    var quote = 5_000
    var rationale = 20_000
    var evidenceItems = 100
    var evidenceNote = 2_000
}
