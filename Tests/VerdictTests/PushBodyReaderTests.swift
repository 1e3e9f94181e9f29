import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// The fast push reader must read exactly what `JSONDecoder` reads, or step aside (nil) for it.
@Suite struct PushBodyReaderTests {
    static func read(_ json: String) -> [Mutation]? {
        Data(json.utf8).withUnsafeBytes { PushBodyReader.mutations(in: $0) }
    }

    /// What the general path makes of a body: the mutations when every one decodes, else nil.
    static func decoded(_ json: String) -> [Mutation]? {
        guard let request = try? JSONDecoder().decode(LenientPushRequest.self, from: Data(json.utf8)) else {
            return nil
        }
        var mutations: [Mutation] = []
        for item in request.mutations {
            guard case .success(let mutation) = item.decoded else { return nil }
            mutations.append(mutation)
        }
        return mutations
    }

    static let alphabet: [String] = [
        "a", "Z", "7", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "é", "ñ", "€", "😀", "\u{2028}", "{", "}",
        "[", "]", ",", ":", "e\u{301}",
    ]

    static func randomText(_ rng: inout SplitMix64, maxLength: Int = 12) -> String {
        (0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    static func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        Bool.random(using: &rng) ? make(&rng) : nil
    }

    static func randomMutation(_ rng: inout SplitMix64) -> Mutation {
        let type = RecordType.allCases.randomElement(using: &rng)!
        var record: MutationRecord?
        if Int.random(in: 0..<4, using: &rng) > 0 {
            switch type {
            case .article:
                record = .article(
                    ArticleInput(
                        id: maybe(&rng) { randomText(&$0) }, title: randomText(&rng),
                        source: maybe(&rng) { randomText(&$0) }, url: maybe(&rng) { randomText(&$0) },
                        published: maybe(&rng) { randomText(&$0) }, body: randomText(&rng, maxLength: 60)))
            case .claim:
                record = .claim(
                    ClaimInput(
                        id: maybe(&rng) { randomText(&$0) }, articleId: randomText(&rng),
                        revision: maybe(&rng) { Int.random(in: -5...1_000_000, using: &$0) },
                        quote: randomText(&rng), start: maybe(&rng) { Int.random(in: 0...Int.max, using: &$0) },
                        end: maybe(&rng) { Int.random(in: Int.min...0, using: &$0) },
                        occurrence: maybe(&rng) { Int.random(in: 0...9, using: &$0) },
                        status: maybe(&rng) { ClaimStatus.allCases.randomElement(using: &$0)! }))
            case .verdict:
                record = .verdict(
                    VerdictInput(
                        id: maybe(&rng) { randomText(&$0) }, claimId: randomText(&rng), label: randomText(&rng),
                        confidence: maybe(&rng) {
                            [0, 1, 0.75, 1e-9, 0.1 + 0.2, Double.random(in: -2...2, using: &$0)].randomElement(
                                using: &$0)!
                        },
                        rationale: maybe(&rng) { randomText(&$0, maxLength: 40) },
                        evidence: maybe(&rng) { rng in
                            (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                                Evidence(url: randomText(&rng), note: maybe(&rng) { randomText(&$0) })
                            }
                        }))
            case .publication:
                record = .publication(
                    PublicationInput(
                        id: maybe(&rng) { randomText(&$0) }, claimId: randomText(&rng),
                        label: maybe(&rng) { randomText(&$0) }, summary: randomText(&rng, maxLength: 40),
                        evidence: maybe(&rng) { rng in [Evidence(url: randomText(&rng))] },
                        claimAuthor: maybe(&rng) { randomText(&$0) }, reason: maybe(&rng) { randomText(&$0) },
                        correction: maybe(&rng) { randomText(&$0) }))
            case .assignment:
                record = .assignment(
                    AssignmentInput(
                        id: maybe(&rng) { randomText(&$0) }, reviewer: randomText(&rng),
                        claimId: maybe(&rng) { randomText(&$0) }, articleId: maybe(&rng) { randomText(&$0) },
                        due: maybe(&rng) { randomText(&$0) }))
            }
        }
        return Mutation(
            mutationId: randomText(&rng), type: type, op: Bool.random(using: &rng) ? .put : .delete,
            id: maybe(&rng) { randomText(&$0) }, baseVersion: maybe(&rng) { Int.random(in: -3...Int.max, using: &$0) },
            record: record)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func readsWhatTheEncoderWrites(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        for _ in 0..<200 {
            let mutations = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.randomMutation(&rng) }
            let encoder = JSONEncoder()
            if Bool.random(using: &rng) { encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes] }
            let json = String(decoding: try encoder.encode(PushRequest(mutations: mutations)), as: UTF8.self)
            #expect(Self.read(json) == mutations, "\(json)")
        }
    }

    /// Bodies damaged at random: whatever the fast reader accepts, `JSONDecoder` must read the same way.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func damagedBodiesAreReadAsTheDecoderReadsThem(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let pieces = ["\"", "\\", ",", ":", "{", "}", "[", "]", "null", "1", "-", ".5", "e3", " ", "\\u", "d83d", "x"]
        var accepted = 0
        for _ in 0..<600 {
            let mutations = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Self.randomMutation(&rng) }
            var scalars = Array(
                String(decoding: try JSONEncoder().encode(PushRequest(mutations: mutations)), as: UTF8.self)
                    .unicodeScalars)
            for _ in 0..<Int.random(in: 1...2, using: &rng) where !scalars.isEmpty {
                let at = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(contentsOf: pieces.randomElement(using: &rng)!.unicodeScalars, at: at)
                default: scalars[at] = pieces.randomElement(using: &rng)!.unicodeScalars.first!
                }
            }
            var json = ""
            json.unicodeScalars.append(contentsOf: scalars)
            if let fast = Self.read(json) {
                accepted += 1
                #expect(fast == Self.decoded(json), "\(json)")
            }
        }
        #expect(accepted > 20, "some damage leaves a readable body (\(accepted))")
    }

    @Test func writtenByHand() throws {
        let verdict =
            #"{"mutationId":"m1","type":"verdict","op":"put","id":null,"baseVersion":3,"unknown":[1,{"a":true}],"#
            + #""record":{"claimId":"c\u00e9\ud83d\ude00\/","label":"true","confidence":1,"rationale":null,"#
            + #""evidence":[{"url":"https://x.org","note":"a\"b\\c\n"}]}}"#
        for json in [
            #"{"mutations":[]}"#,
            " \n{ \"mutations\" : [ \(verdict) , \(verdict) ] }\t",
            #"{"extra":{"mutations":1},"mutations":[{"mutationId":"m","type":"claim","op":"delete","record":null}]}"#,
        ] {
            let fast = try #require(Self.read(json), "\(json)")
            #expect(fast == Self.decoded(json))
        }
        let mutation = try #require(Self.read("{\"mutations\":[\(verdict)]}")?.first)
        guard case .verdict(let input) = mutation.record else { throw TestFailure("not a verdict") }
        #expect(input.claimId == "cé😀/" && input.confidence == 1 && input.rationale == nil)
        #expect(input.evidence == [Evidence(url: "https://x.org", note: "a\"b\\c\n")])
    }

    /// Bodies the fast reader leaves to `JSONDecoder`, which then explains the problem.
    @Test(arguments: [
        #"{"mutations":[]} x"#,
        #"{"mutations":[],"mutations":[]}"#,
        #"{"mutations":{}}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","baseVersion":1.0}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","baseVersion":1e2}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","baseVersion":99999999999999999999}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","id":"a","id":"b"}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"note","op":"put"}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","record":{"claimId":"c"}}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","record":{"claimId":"c","label":5}}]}"#,
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","record":{"claimId":"c","label":"x","confidence":1e400}}]}"#,
        #"{"mutations":[{"mutationId":"\ud800","type":"verdict","op":"put"}]}"#,
        #"{"mutations":[{"mutationId":"\q","type":"verdict","op":"put"}]}"#,
        "{\"mutations\":[{\"mutationId\":\"a\u{1}\",\"type\":\"verdict\",\"op\":\"put\"}]}",
        #"{"mutations":[{"mutationId":"m","type":"verdict","op":"put","record":"text"}]}"#,
        #"{"mutations":[01]}"#,
        #"{"mutations":[-]}"#,
        #"{"mutations":[tru]}"#,
    ])
    func leavesTheUnusualToTheDecoder(json: String) throws {
        #expect(Self.read(json) == nil)
    }

    @Test func deeplyNestedBodiesAreLeftAlone() {
        let json = "{\"mutations\":[], \"x\":" + String(repeating: "[", count: 10_000) + "}"
        #expect(Self.read(json) == nil)
    }
}
