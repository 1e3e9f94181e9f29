import VerdictShared

/// The rules for users and tokens that every backend keeps alike: what a user name may be, and what a token
/// looks like and how it is stored.
enum UserRules {
    static func validateUserName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed,
            name.first?.isLetter == true || name.first?.isNumber == true
        else {
            throw StoreError.invalid(
                "user name '\(name.prefix(80))' must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit"
            )
        }
        if name.lowercased() == "system" { throw StoreError.invalid("'system' is reserved") }
    }
}

/// API tokens: `vdt_` and 64 hex digits (256 random bits). Only their SHA-256 is stored.
enum APIToken {
    static let prefix = "vdt_"

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func looksValid(_ token: String) -> Bool {
        token.hasPrefix(prefix) && token.utf8.count == prefix.utf8.count + 64
    }

    static func hash(_ token: String) -> String { ContentHash.sha256Hex(token) }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
