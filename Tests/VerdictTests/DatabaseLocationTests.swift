import Testing

@testable import VerdictServer

/// `--db` names a SQLite file or, as a `postgres://` URL, a PostgreSQL database; a URL that cannot work is refused
/// with a sentence that says what is wrong, never with the password in it.
@Suite struct DatabaseLocationTests {
    @Test func anythingButAPostgresURLIsASQLitePath() throws {
        for value in ["verdict.sqlite", "/var/lib/verdict/postgres.sqlite", "postgres.sqlite", "postgres:/x", "./a b"] {
            guard case .sqlite(let path) = try DatabaseLocation(parsing: value) else {
                Issue.record("\(value) should be a SQLite path")
                continue
            }
            #expect(path == value)
        }
    }

    @Test func aFullURLGivesEveryPartAndHidesThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://alice:s%40cr%3At@db.example.org:6543/verdict%20desk")
        #expect(url.username == "alice" && url.password == "s@cr:t" && url.database == "verdict desk")
        #expect(url.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(url.sslMode == .prefer, "off the machine, TLS when the server has it")
        #expect(url.display == "postgres://alice@db.example.org:6543/verdict%20desk")

        guard case .postgres(let configuration, let display) = try DatabaseLocation(parsing: "postgresql://bob:pw@h/db")
        else {
            Issue.record("a postgresql:// URL is PostgreSQL")
            return
        }
        #expect(configuration.host == "h" && configuration.port == 5432 && configuration.unixSocketPath == nil)
        #expect(configuration.username == "bob" && configuration.password == "pw" && configuration.database == "db")
        #expect(display == "postgresql://bob@h/db")
    }

    @Test func loopbackDefaultsToPlainTCPAndSSLModeCanBeNamed() throws {
        for host in ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"] {
            #expect(try PostgresURL(parsing: "postgres://u@\(host)/d").sslMode == .disable, "\(host)")
        }
        #expect(try PostgresURL(parsing: "postgres://u@[::1]:6000/d").endpoint == .tcp(host: "::1", port: 6000))
        #expect(try PostgresURL(parsing: "postgres://u@127.0.0.1.example.org/d").sslMode == .prefer)
        for mode in PostgresURL.SSLMode.allCases {
            #expect(try PostgresURL(parsing: "postgres://u@db.example.org/d?sslmode=\(mode.rawValue)").sslMode == mode)
            #expect(try PostgresURL(parsing: "postgres://u@localhost/d?sslmode=\(mode.rawValue)").sslMode == mode)
        }
        #expect(try PostgresURL(parsing: "postgres://u@localhost/d").password == nil)
        #expect(try PostgresURL(parsing: "postgres://u:@localhost/d").password == "", "an empty password is a password")
    }

    @Test func hostInTheQueryIsAUnixSocketDirectory() throws {
        let url = try PostgresURL(parsing: "postgres://verdict@localhost/postgres?host=/tmp/pg%20x")
        #expect(url.endpoint == .unixSocket(path: "/tmp/pg x/.s.PGSQL.5432") && url.sslMode == .disable)
        let ported = try PostgresURL(parsing: "postgres://verdict@localhost:6001/postgres?sslmode=prefer&host=/run/pg/")
        #expect(ported.endpoint == .unixSocket(path: "/run/pg/.s.PGSQL.6001"))
        #expect(ported.configuration.unixSocketPath == "/run/pg/.s.PGSQL.6001" && ported.configuration.host == nil)
        #expect(ported.display == "postgres://verdict@localhost:6001/postgres?sslmode=prefer&host=/run/pg/")
        // As with libpq, a host name in the query replaces the one in front.
        #expect(try PostgresURL(parsing: "postgres://u@a/d?host=b").endpoint == .tcp(host: "b", port: 5432))
    }

    @Test(arguments: [
        ("postgres://u:secret@db.example.org", "names no database"),
        ("postgres://u:secret@db.example.org/", "names no database"),
        ("postgres://u:secret@db.example.org:54x2/d", "port '54x2'; a port is a number from 1 to 65535"),
        ("postgres://u:secret@db.example.org:0/d", "port '0'"),
        ("postgres://u:secret@db.example.org:70000/d", "port '70000'"),
        ("postgres://u:secret@db.example.org:/d", "port ''"),
        ("postgres://u:secret@db.example.org/d?sslmode=verify-full", "sslmode=verify-full; Verdict takes"),
        ("postgres://u:secret@db.example.org/d?application_name=x", "the parameter 'application_name'"),
        ("postgres://u:secret@db.example.org/d?sslmode=disable&sslmode=require", "gives 'sslmode' twice"),
        ("postgres://db.example.org/d", "names no user"),
        ("postgres://:secret@db.example.org/d", "names no user"),
        ("postgres://u:secret@/d", "names no host"),
        ("postgres://u:secret@localhost/d?host=/tmp&sslmode=require", "a Unix socket cannot give"),
        ("postgres://u:secret@localhost/d?host=", "empty host="),
        ("postgres://u:secret@localhost/d#x", "has a '#'"),
    ])
    func malformedURLsAreRefusedWithASentence(url: String, message: String) throws {
        do {
            _ = try DatabaseLocation(parsing: url)
            Issue.record("\(url) was taken")
        } catch let error as StoreError {
            #expect(error.code == .invalid)
            #expect(error.description.hasPrefix("the PostgreSQL URL "), "\(error)")
            #expect(error.description.contains(message), "\(error)")
            #expect(!error.description.contains("secret"), "the password stays out of messages: \(error)")
        }
    }
}
