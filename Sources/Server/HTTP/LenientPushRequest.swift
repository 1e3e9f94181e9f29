import Hummingbird
import VerdictShared

/// A push body whose mutations are decoded one by one, so that one malformed mutation is rejected alone.
/// Only a mutation without a readable `mutationId` fails the whole request, since it cannot be answered.
struct LenientPushRequest: Decodable {
    struct Item: Decodable {
        let mutationId: String
        let decoded: Result<Mutation, Reason>

        struct Reason: Error {
            let text: String
        }

        private enum Keys: String, CodingKey {
            case mutationId
        }

        init(_ mutation: Mutation) {
            mutationId = mutation.mutationId
            decoded = .success(mutation)
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            mutationId = try container.decode(String.self, forKey: .mutationId)
            do {
                decoded = .success(try Mutation(from: decoder))
            } catch let error as DecodingError {
                let described = Request.describe(error)
                decoded = .failure(Reason(text: described))
            }
        }
    }

    let mutations: [Item]

    init(mutations: [Item]) {
        self.mutations = mutations
    }
}
