/// Size limits on what clients write, in Unicode scalars unless named otherwise: the server enforces them, and
/// the client checks what it can before an edit waits in the outbox.
public struct ContentLimits: Sendable {
    public var title = 1_000
    public var source = 200
    public var url = 2_048
    public var body = 500_000
    public var quote = 5_000
    public var rationale = 20_000
    public var evidenceItems = 100
    public var evidenceNote = 2_000

    public init() {}
}
