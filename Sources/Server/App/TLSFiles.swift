import Foundation
import NIOSSL

/// A certificate chain and private key in PEM files, checked before the server binds: each file readable,
/// holding what it should, and the key belonging to the certificate.
struct TLSFiles {
    let certificatePath: String
    let keyPath: String

    /// What is wrong with the files, said so that the operator can fix it.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// A server configuration (TLS 1.2 or later) with this chain and key, or the first problem found.
    func configuration() throws -> TLSConfiguration {
        try Self.checkReadable(certificatePath, what: "TLS certificate")
        try Self.checkReadable(keyPath, what: "TLS key")
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw Problem(description: "\(certificatePath) holds no PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw Problem(description: "\(certificatePath) holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw Problem(
                description: "\(keyPath) holds no unencrypted PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            // The key is checked against the certificate here, as when the server starts.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Problem(
                description: "the key in \(keyPath) does not go with the certificate in \(certificatePath) (\(error))")
        }
        return configuration
    }

    private static func checkReadable(_ path: String, what: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Problem(description: "cannot read the \(what) \(path): no such file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw Problem(description: "cannot read the \(what) \(path): permission denied")
        }
    }
}
