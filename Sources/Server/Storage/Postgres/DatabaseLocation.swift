import Foundation
import NIOSSL
import PostgresNIO

/// Where the database is, as `--db` names it: a `postgres://` or `postgresql://` URL is a PostgreSQL database,
/// anything else the path of a SQLite file.
enum DatabaseLocation {
    case sqlite(path: String)
    /// `display` is the URL without its password, for logs and messages.
    case postgres(PostgresClient.Configuration, display: String)

    /// Reads a `--db` value; a PostgreSQL URL that cannot be used is a ``StoreError/invalid(_:)`` saying why.
    init(parsing value: String) throws {
        if PostgresURL.isPostgresURL(value) {
            let url = try PostgresURL(parsing: value)
            self = .postgres(url.configuration, display: url.display)
        } else {
            self = .sqlite(path: value)
        }
    }
}

/// A PostgreSQL connection URL, in the subset of libpq's form that Verdict takes:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/SOCKET/DIR][&sslmode=disable|prefer|require]
///
/// Percent-encoded parts are decoded (a password with `@`, `:` or `/` must be written encoded). The port defaults to
/// 5432. `host=/dir` in the query connects through the Unix socket `/dir/.s.PGSQL.<port>` instead of TCP (the host
/// in front is then only for show, as with libpq). `sslmode` defaults to `disable` on a Unix socket or a loopback
/// host and to `prefer` elsewhere; `prefer` and `require` verify the server's certificate and host name against the
/// system's trusted roots (NIOSSL's client defaults), which is stricter than libpq's modes of those names.
struct PostgresURL: Equatable {
    enum Endpoint: Equatable {
        case tcp(host: String, port: Int)
        /// The socket file's full path.
        case unixSocket(path: String)
    }

    enum SSLMode: String, Equatable, CaseIterable {
        case disable, prefer, require
    }

    let username: String
    let password: String?
    let endpoint: Endpoint
    let database: String
    let sslMode: SSLMode
    /// The URL as given, without its password.
    let display: String

    static func isPostgresURL(_ value: String) -> Bool {
        let lowered = value.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    init(parsing value: String) throws {
        guard let schemeEnd = value.range(of: "://"), Self.isPostgresURL(value) else {
            throw StoreError.invalid("'\(value.prefix(80))' is not a PostgreSQL URL (postgres://user@host/database)")
        }
        let afterScheme = value[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let rest = afterScheme[authorityEnd...]
        let userInfoEnd = authority.lastIndex(of: "@")
        let userInfo = userInfoEnd.map { authority[..<$0] } ?? ""
        let hostPort = userInfoEnd.map { authority[authority.index(after: $0)...] } ?? authority
        let userPart = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let display =
            value[..<schemeEnd.upperBound] + (userInfoEnd == nil ? "" : "\(userPart.first ?? "")@") + hostPort + rest
        self.display = String(display)
        func invalid(_ problem: String) -> StoreError {
            StoreError.invalid("the PostgreSQL URL \(display) \(problem)")
        }
        guard !value.contains("#") else {
            throw invalid("has a '#', which PostgreSQL URLs do not take (write it %23 in a password)")
        }

        guard let user = userPart.first.flatMap({ String($0).removingPercentEncoding }), !user.isEmpty else {
            throw invalid("names no user: write one before the host, as in postgres://verdict@localhost/verdict")
        }
        username = user
        if userPart.count == 2 {
            guard let decoded = String(userPart[1]).removingPercentEncoding else {
                throw invalid("has a password that is not properly percent-encoded")
            }
            password = decoded
        } else {
            password = nil
        }

        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("has something after the IPv6 address: '\(after)'") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        host = host.removingPercentEncoding ?? host
        var port = 5432
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw invalid("has the port '\(portText)'; a port is a number from 1 to 65535")
            }
            port = number
        }

        let (path, query) =
            rest.firstIndex(of: "?").map { (rest[..<$0], rest[rest.index(after: $0)...]) } ?? (rest, "")
        guard let database = String(path.dropFirst()).removingPercentEncoding, !database.isEmpty else {
            throw invalid("names no database: add it as the path, as in postgres://verdict@localhost/verdict")
        }
        self.database = database

        var socketDirectory: String?
        var sslMode: SSLMode?
        var seen: Set<String> = []
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard let text = parts.count == 2 ? String(parts[1]).removingPercentEncoding : "" else {
                throw invalid("has a value of '\(key)' that is not properly percent-encoded")
            }
            guard seen.insert(key).inserted else { throw invalid("gives '\(key)' twice") }
            switch key {
            case "host":
                guard !text.isEmpty else { throw invalid("has an empty host=; give a socket directory or a host") }
                if text.hasPrefix("/") { socketDirectory = text } else { host = text }
            case "sslmode":
                guard let mode = SSLMode(rawValue: text) else {
                    throw invalid(
                        "has sslmode=\(text); Verdict takes "
                            + SSLMode.allCases.map { "sslmode=\($0.rawValue)" }.joined(separator: ", "))
                }
                sslMode = mode
            default:
                throw invalid("has the parameter '\(key)', which Verdict does not know (it takes host and sslmode)")
            }
        }

        if let socketDirectory {
            if sslMode == .require { throw invalid("asks for sslmode=require, which a Unix socket cannot give") }
            let directory = socketDirectory.hasSuffix("/") ? String(socketDirectory.dropLast()) : socketDirectory
            endpoint = .unixSocket(path: "\(directory)/.s.PGSQL.\(port)")
            self.sslMode = .disable
        } else {
            guard !host.isEmpty else {
                throw invalid("names no host: write one after the user, as in postgres://verdict@localhost/verdict")
            }
            endpoint = .tcp(host: host, port: port)
            self.sslMode = sslMode ?? (Self.isLoopback(host) ? .disable : .prefer)
        }
    }

    /// `localhost`, 127.0.0.0/8 and `::1`: where plain TCP never leaves the machine.
    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The client configuration this URL describes.
    var configuration: PostgresClient.Configuration {
        switch endpoint {
        case .unixSocket(let path):
            return PostgresClient.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS =
                switch sslMode {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            return PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
    }
}
