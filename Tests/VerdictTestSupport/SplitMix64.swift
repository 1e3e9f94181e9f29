/// SplitMix64 (Steele, Lea and Flood, 2014): a small deterministic generator, so that a seed replays the same
/// choices. Tests with fixed seeds and the benchmark's synthetic desks depend on its exact sequence: do not
/// change the constants.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state; the seed is its first value.
    public var state: UInt64

    /// A generator whose sequence is fixed by `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
