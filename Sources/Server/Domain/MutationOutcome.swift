import VerdictShared

/// One mutation's result, as a value and as the JSON the push answer and the idempotency log carry.
struct MutationOutcome: Sendable {
    let result: MutationResult
    let json: String

    init(_ result: MutationResult, recordJSON: String? = nil) {
        self.result = result
        self.json = result.jsonText(recordJSON: recordJSON)
    }

    init(result: MutationResult, json: String) {
        self.result = result
        self.json = json
    }

    /// The result without its record, as the idempotency log keeps it: every version of every record is in
    /// the change log already.
    var storedJSON: String {
        var compact = result
        compact.record = nil
        return compact.jsonText()
    }
}
