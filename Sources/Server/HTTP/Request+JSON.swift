import Foundation
import Hummingbird

extension Request {
    /// Reads the whole body (at most `limit` bytes, else 413) and decodes it as JSON, answering every kind
    /// of malformed input with a 400 that names the problem.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        guard let value = try await decodeJSONIfPresent(type, limit: limit) else {
            throw APIError.badRequest("the request body is empty; send a JSON object")
        }
        return value
    }

    /// As ``decodeJSON(_:limit:)``, but an empty body gives nil.
    mutating func decodeJSONIfPresent<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T? {
        guard let bytes = try await utf8Body(limit: limit) else { return nil }
        return try Self.decodeJSON(type, from: bytes)
    }

    /// The body, checked to be valid UTF-8; nil when empty.
    mutating func utf8Body(limit: Int) async throws -> Data? {
        guard let buffer = try await utf8BodyBuffer(limit: limit) else { return nil }
        return Data(buffer.readableBytesView)
    }

    /// As ``utf8Body(limit:)`` without a copy: the buffer as read.
    mutating func utf8BodyBuffer(limit: Int) async throws -> ByteBuffer? {
        let buffer = try await collectBody(upTo: limit)
        if buffer.readableBytes == 0 { return nil }
        let valid = buffer.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) != nil }
        if !valid {
            let offset = Self.firstInvalidUTF8Offset(Data(buffer.readableBytesView))
            throw APIError.badRequest("the request body is not valid UTF-8 (bad byte at offset \(offset))")
        }
        return buffer
    }

    /// Decodes JSON, turning a decoding error into a 400 that says where and what.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from bytes: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch let error as DecodingError {
            throw APIError.badRequest(Self.describe(error))
        }
    }

    /// A sentence for a person: where in the JSON, and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(typeName(type)), not null"
        case .keyNotFound(let key, let context):
            return "field '\(path(context.codingPath + [key]))' is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "the request body is not valid JSON: \(underlyingMessage(context))"
            }
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "the request body could not be read: \(error)"
        }
    }

    private static func underlyingMessage(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError as NSError?,
            let message = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
        {
            return message
        }
        return context.debugDescription
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    private static func firstInvalidUTF8Offset(_ bytes: Data) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return offset
            case .error:
                return offset
            }
        }
    }
}
