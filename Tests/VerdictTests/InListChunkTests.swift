import Testing

@testable import VerdictServer

@Suite struct InListChunkTests {
    @Test func aLongListIsSplitInOrderWithOnePlaceholderPerValue() {
        let chunks = (0..<2_001).inListChunks(of: 900)
        #expect(chunks.map(\.values.count) == [900, 900, 201])
        #expect(chunks.flatMap(\.values) == Array(0..<2_001))
        #expect(chunks[2].placeholders == Array(repeating: "?", count: 201).joined(separator: ","))
        #expect([Int]().inListChunks(of: 900).isEmpty)
        #expect(["a"].inListChunks(of: 900).map(\.placeholders) == ["?"])
    }
}
