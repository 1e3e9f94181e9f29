import Crypto
import Foundation
import Testing
import VerdictShared
import VerdictTestSupport
import X509

/// `verdict-server serve --tls-cert --tls-key` serves HTTPS itself, and the real `verdict` client logs in and
/// pulls over it, trusting the test's own CA with `--cacert`.
@Suite struct ServerTLSTests {
    /// A CA and a server certificate for localhost that it signed, as PEM files in a temporary folder.
    struct Certificates {
        let folder: URL
        var caFile: String { folder.appendingPathComponent("ca.pem").path }
        var certificateFile: String { folder.appendingPathComponent("server.pem").path }
        var keyFile: String { folder.appendingPathComponent("server-key.pem").path }
        /// A key of no certificate here.
        var otherKeyFile: String { folder.appendingPathComponent("other-key.pem").path }

        init() throws {
            folder = try makeTemporaryDirectory()
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName { CommonName("Verdict test CA") }
            let ca = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
                issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                },
                issuerPrivateKey: .init(caKey))
            let serverKey = P256.Signing.PrivateKey()
            let server = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
                issuer: caName, subject: try DistinguishedName { CommonName("localhost") },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames([.dnsName("localhost")])
                },
                issuerPrivateKey: .init(caKey))
            try ca.serializeAsPEM().pemString.write(toFile: caFile, atomically: true, encoding: .utf8)
            try server.serializeAsPEM().pemString.write(toFile: certificateFile, atomically: true, encoding: .utf8)
            try serverKey.pemRepresentation.write(toFile: keyFile, atomically: true, encoding: .utf8)
            try P256.Signing.PrivateKey().pemRepresentation.write(
                toFile: otherKeyFile, atomically: true, encoding: .utf8)
        }
    }

    /// A database with the user rita, and her token.
    func database() throws -> (path: String, token: String) {
        let path = try makeTemporaryDirectory().appendingPathComponent("verdict.sqlite").path
        let added = try ServerBinary.run(["users", "add", "rita", "--db", path, "--json"])
        guard added.status == 0 else { throw TestFailure("users add: \(added)") }
        return (path, try JSONDecoder().decode(IssuedToken.self, from: Data(added.stdout.utf8)).token)
    }

    @Test func theClientLogsInAndPullsOverHTTPSTrustingTheCA() async throws {
        let files = try Certificates()
        let (db, token) = try database()
        let server = try RunningServerProcess(arguments: [
            "serve", "--db", db, "--port", "0", "--tls-cert", files.certificateFile, "--tls-key", files.keyFile,
        ])
        defer {
            server.signal(SIGTERM)
            _ = try? server.waitForExit()
        }
        #expect(server.waitForOutput("url=https://127.0.0.1:"), "\(server.text)")
        let text = server.text
        let range = try #require(text.range(of: "url=https://127.0.0.1:"))
        let port = try #require(Int(text[range.upperBound...].prefix { $0.isNumber }))
        let address = "https://localhost:\(port)"

        let rita = try ClientWorkspace(user: "rita")
        let tokenFile = rita.dataHome.appendingPathComponent("token.txt")
        try Data(token.utf8).write(to: tokenFile)
        let login = ["login", "--server", address, "--user", "rita", "--token-file", tokenFile.path]
        // Without the CA the certificate is refused, and nothing is logged in.
        let refused = try await rita.run(login)
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.lowercased().contains("certificate"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: rita.dataHome.appendingPathComponent("verdict/current").path))

        let loggedIn = try await rita.run(login + ["--cacert", files.caFile])
        #expect(loggedIn.status == 0, "\(loggedIn)")
        #expect(!loggedIn.stderr.contains("plain http"), "\(loggedIn)")
        let pulled = try await rita.run(["pull", "--cacert", files.caFile])
        #expect(pulled.status == 0 && pulled.stdout.contains("Pulled"), "\(pulled)")
        // Plain HTTP to the TLS port gets no answer the client can use.
        let plain = try await rita.run(["login", "--server", "http://127.0.0.1:\(port)"] + login.dropFirst(3))
        #expect(plain.status != 0, "\(plain)")
    }

    @Test func badCertificateOrKeyFilesAreRefusedBeforeBinding() throws {
        let files = try Certificates()
        let (db, _) = try database()
        let garbage = files.folder.appendingPathComponent("garbage.pem").path
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let missing = files.folder.appendingPathComponent("missing.pem").path
        let cases: [([String], String)] = [
            (["--tls-cert", files.certificateFile], "--tls-cert and --tls-key go together"),
            (["--tls-key", files.keyFile], "--tls-cert and --tls-key go together"),
            (["--tls-cert", missing, "--tls-key", files.keyFile], "cannot read the TLS certificate \(missing)"),
            (["--tls-cert", files.certificateFile, "--tls-key", missing], "cannot read the TLS key \(missing)"),
            (["--tls-cert", garbage, "--tls-key", files.keyFile], "\(garbage) holds no PEM certificate"),
            (["--tls-cert", files.certificateFile, "--tls-key", garbage], "\(garbage) holds no unencrypted PEM"),
            (
                ["--tls-cert", files.certificateFile, "--tls-key", files.otherKeyFile],
                "the key in \(files.otherKeyFile) does not go with the certificate",
            ),
        ]
        for (arguments, message) in cases {
            // A server that got past the check would bind and keep running: the run would time out.
            let result = try ServerBinary.run(["serve", "--db", db, "--port", "0"] + arguments, timeout: 30)
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result)")
            #expect(!result.stderr.contains("listening"), "\(arguments): \(result)")
        }
        let help = try ServerBinary.run(["serve", "--help"])
        #expect(help.stdout.contains("--tls-cert") && help.stdout.contains("--tls-key"), "\(help)")
    }
}
