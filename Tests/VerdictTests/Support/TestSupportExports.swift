// The helpers shared with the benchmark (RawHTTPConnection, SplitMix64, offThePool) moved to the
// VerdictTestSupport target; re-exported here so that every file of this target still sees them, as it did
// when they lived in it. Files that use them import VerdictTestSupport as well, to say where they come from.
@_exported import VerdictTestSupport
