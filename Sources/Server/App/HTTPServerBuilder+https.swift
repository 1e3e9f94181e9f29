import HummingbirdCore
import HummingbirdTLS

extension HTTPServerBuilder {
    /// HTTP/1.1, inside TLS when `tls` is given. HummingbirdTLS's `.tls(_:tlsConfiguration:)` builds the same
    /// channel but is declared `throws`; here a bad configuration fails when the server starts, and
    /// `verdict-server serve` has checked its files (`TLSFiles`) before that.
    static func http1(configuration: HTTP1Channel.Configuration, tls: TLSConfiguration?) -> HTTPServerBuilder {
        guard let tls else { return .http1(configuration: configuration) }
        return HTTPServerBuilder { responder in
            try TLSChannel(HTTP1Channel(responder: responder, configuration: configuration), tlsConfiguration: tls)
        }
    }
}
