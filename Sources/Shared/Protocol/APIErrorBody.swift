/// Every 4xx/5xx answer's body: `{"error": {"message": ..., "code": ..., "type": ..., "current": ...}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        /// A sentence naming the problem, for the user.
        public var message: String
        /// A stable machine code, e.g. `stale`, `invalid`, `forbidden`.
        public var code: String?
        public var type: RecordType?
        /// On conflicts: the server's current record.
        public var current: AnyRecord?

        public init(message: String, code: String? = nil, current: AnyRecord? = nil) {
            self.message = message
            self.code = code
            self.type = current?.type
            self.current = current
        }

        enum CodingKeys: String, CodingKey {
            case message, code, type, current
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try container.decode(String.self, forKey: .message)
            code = try container.decodeIfPresent(String.self, forKey: .code)
            type = try container.decodeIfPresent(RecordType.self, forKey: .type)
            if let type, container.contains(.current), try !container.decodeNil(forKey: .current) {
                current = try AnyRecord.decode(type, from: container, forKey: .current)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encodeIfPresent(code, forKey: .code)
            try container.encodeIfPresent(type, forKey: .type)
            try current?.encode(to: &container, forKey: .current)
        }
    }

    public var error: Detail

    public init(_ error: Detail) {
        self.error = error
    }
}
