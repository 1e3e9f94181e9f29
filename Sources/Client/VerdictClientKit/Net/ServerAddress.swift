import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What a server's address says about the way to it.
public enum ServerAddress {
    /// Whether a request to `baseURL` would carry its token unencrypted beyond this machine: plain `http://` to
    /// a host other than loopback (127.0.0.0/8, ::1, localhost).
    public static func sendsTokenInTheClear(_ baseURL: String) -> Bool {
        guard let components = URLComponents(string: baseURL), components.scheme?.lowercased() == "http" else {
            return false
        }
        return !isLoopback(host: components.host ?? "")
    }

    /// Whether `host` (a name, or an IPv4 or IPv6 address, brackets allowed) is this machine's loopback.
    public static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
            // ::ffff:127.x.x.x, an IPv4 loopback address in IPv6 form.
            return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
        }
        return false
    }
}
