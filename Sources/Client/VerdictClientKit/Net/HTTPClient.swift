import CCurl
import Foundation

/// HTTP over libcurl with one easy handle per session, so connections are kept alive between requests.
///
/// Deliberately synchronous: the client's commands run on the main thread and never touch Swift's
/// cooperative pool, so a blocking `curl_easy_perform` cannot starve it. Proxies come from the usual
/// `http_proxy`/`https_proxy`/`no_proxy` variables, which libcurl reads itself.
public final class HTTPClient {
    public let baseURL: String
    private let token: String?
    private let options: HTTPOptions
    private let handle: UnsafeMutableRawPointer
    /// Called with (bytes done, bytes expected) while a body moves; expected is 0 when unknown.
    public var progress: ((Int64, Int64) -> Void)?
    /// Told why a request is about to be tried again, and after how many seconds.
    public var onRetry: ((_ reason: String, _ wait: TimeInterval) -> Void)?

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(baseURL: String, token: String?, options: HTTPOptions = HTTPOptions()) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw NetworkError(description: "could not start libcurl", isTransient: false)
        }
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.options = options
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Sends one request. `retry` repeats it on transient failures with exponential backoff; only pass it
    /// for requests that are safe to repeat (reads, and pushes, which the server answers by mutation id).
    public func send(_ method: String, _ path: String, body: Data? = nil, retry: Bool = false) throws -> HTTPResponse {
        var wait = options.backoff
        var attempt = 1
        while true {
            do {
                let response = try perform(method, path, body: body)
                if retry, [502, 503, 504].contains(response.status), attempt < options.attempts {
                    throw NetworkError(
                        description: "the server answered \(response.status) (\(response.serverMessage ?? "busy"))",
                        isTransient: true)
                }
                return response
            } catch let error as NetworkError where error.isTransient && retry && attempt < options.attempts {
                onRetry?(error.description, wait)
                Thread.sleep(forTimeInterval: wait)
                wait = min(wait * 2, 30)
                attempt += 1
            }
        }
    }

    /// Sends a request and decodes a 2xx answer; anything else becomes an error with the server's message.
    public func json<T: Decodable>(
        _ type: T.Type, _ method: String, _ path: String, body: Data? = nil, retry: Bool = false
    ) throws -> T {
        let response = try send(method, path, body: body, retry: retry)
        guard (200..<300).contains(response.status) else { throw ServerError(response: response) }
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw NetworkError(
                description: "the server's answer to \(method) \(path) could not be read: \(error)", isTransient: false)
        }
    }

    private final class Transfer {
        var body = Data()
        var progress: ((Int64, Int64) -> Void)?
        /// When set, the body goes to this file as it arrives instead of into `body`.
        var file: FileHandle?
        var fileError: (any Error)?
    }

    /// A GET whose body is written to `file` as it arrives (so memory stays flat however large it is).
    /// Returns the status; on a non-2xx answer the file holds the server's error body.
    public func download(_ path: String, to file: FileHandle) throws -> Int {
        try perform("GET", path, body: nil, file: file).status
    }

    private func perform(_ method: String, _ path: String, body: Data?, file: FileHandle? = nil) throws -> HTTPResponse
    {
        curl_easy_reset(handle)  // keeps the connection cache; clears the previous request's options
        let transfer = Transfer()
        transfer.file = file
        transfer.progress = progress
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        headers = curl_slist_append(headers, "Accept: application/json")
        if let token { headers = curl_slist_append(headers, "Authorization: Bearer \(token)") }
        if body != nil { headers = curl_slist_append(headers, "Content-Type: application/json") }
        headers = curl_slist_append(headers, "Expect:")  // no 100-continue round trip for bodies

        try check(verdict_curl_setopt_string(handle, CURLOPT_URL, baseURL + path))
        try check(verdict_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        try check(verdict_curl_setopt_list(handle, CURLOPT_HTTPHEADER, headers))
        try check(verdict_curl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent))
        try check(verdict_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))  // every encoding curl knows
        try check(verdict_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(verdict_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)))
        try check(verdict_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.requestTimeout * 1000)))
        // A transfer crawling below 1 byte/s for 60 s is dead even if the overall timeout is far.
        try check(verdict_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1))
        try check(verdict_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, 60))
        try check(verdict_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        try check(verdict_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let ca = options.caCertificate { try check(verdict_curl_setopt_string(handle, CURLOPT_CAINFO, ca)) }
        try check(verdict_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(
            verdict_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION) { data, size, count, user in
                guard let data, let user else { return 0 }
                let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
                if let file = transfer.file {
                    do {
                        try file.write(contentsOf: Data(bytes: data, count: size * count))
                    } catch {
                        transfer.fileError = error
                        return 0  // stops the transfer
                    }
                } else {
                    transfer.body.append(
                        UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
                }
                return size * count
            })
        if progress != nil {
            try check(verdict_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            try check(verdict_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))
            try check(
                verdict_curl_setopt_progress(handle) { user, downloadTotal, downloaded, uploadTotal, uploaded in
                    guard let user else { return 0 }
                    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
                    if uploadTotal > 0 && uploaded < uploadTotal {
                        transfer.progress?(Int64(uploaded), Int64(uploadTotal))
                    } else {
                        transfer.progress?(Int64(downloaded), Int64(downloadTotal))
                    }
                    return 0
                })
        }
        let result: CURLcode =
            if let body {
                body.withUnsafeBytes { bytes in
                    _ = verdict_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                    // COPYPOSTFIELDS: curl keeps its own copy, valid however long the transfer takes.
                    _ = verdict_curl_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    return curl_easy_perform(handle)
                }
            } else {
                curl_easy_perform(handle)
            }
        if let error = transfer.fileError { throw ClientError("cannot write the download: \(error)") }
        guard result == CURLE_OK else { throw Self.error(result, url: baseURL) }
        var status = 0
        _ = verdict_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, body: transfer.body)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw NetworkError(description: "libcurl: \(String(cString: curl_easy_strerror(code)))", isTransient: false)
        }
    }

    private static func error(_ code: CURLcode, url: String) -> NetworkError {
        let reason = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_OPERATION_TIMEDOUT,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return NetworkError(description: "cannot reach the server at \(url): \(reason)", isTransient: true)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR:
            return NetworkError(
                description: "TLS failed for \(url): \(reason) (use --cacert FILE for a private CA)", isTransient: false
            )
        default:
            return NetworkError(description: "request to \(url) failed: \(reason)", isTransient: false)
        }
    }
}
