import Foundation
import VerdictShared

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A response as the tests look at it.
struct HTTPResult: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw TestFailure("cannot decode \(T.self) from \(status) \(text.prefix(500)): \(error)")
        }
    }

    /// The `error` object of a JSON error body, or nil if the body is not one.
    var error: APIErrorBody.Detail? { try? JSONDecoder().decode(APIErrorBody.self, from: body).error }

    /// The ETag's version number.
    var etagVersion: Int? {
        header("ETag").flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
    }
}

/// A small HTTP client over URLSession for driving the live server.
struct HTTPTestClient: Sendable {
    let port: Int
    let token: String?
    /// The user the token belongs to, when known.
    var userName: String? = nil

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 16
        return URLSession(configuration: configuration)
    }()

    func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPResult {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("not an HTTP response") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await request("GET", path, headers: headers)
    }

    func send(
        _ method: String, _ path: String, json: some Encodable, headers: [String: String] = [:]
    ) async throws -> HTTPResult {
        try await request(method, path, body: try JSONEncoder().encode(json), headers: headers)
    }

    func send(_ method: String, _ path: String, raw: String, headers: [String: String] = [:]) async throws -> HTTPResult
    {
        try await request(method, path, body: Data(raw.utf8), headers: headers)
    }

    func push(_ mutations: [Mutation]) async throws -> [MutationResult] {
        let result = try await send("POST", "/v1/push", json: PushRequest(mutations: mutations))
        guard result.status == 200 else { throw TestFailure("push answered \(result.status): \(result.text)") }
        return try result.decode(PushResponse.self).results
    }

    func changes(since: Int64, limit: Int = 500) async throws -> ChangesPage {
        let result = try await get("/v1/changes?since=\(since)&limit=\(limit)")
        guard result.status == 200 else { throw TestFailure("changes answered \(result.status): \(result.text)") }
        return try result.decode(ChangesPage.self)
    }

    /// Pages through the whole feed after `since`.
    func allChanges(since: Int64 = 0, pageSize: Int = 500) async throws -> [Change] {
        var cursor = since
        var all: [Change] = []
        while true {
            let page = try await changes(since: cursor, limit: pageSize)
            all += page.changes
            cursor = page.next
            if !page.hasMore { return all }
        }
    }
}
