import Foundation

/// Whether `text` is an absolute http:// or https:// address with a host: what the server takes for a
/// server address or an evidence URL, checked before anything waits in the outbox.
func isWebAddress(_ text: String) -> Bool {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
    return ["http", "https"].contains(scheme) && url.host?.isEmpty == false
}
