import CompressNIO
import Foundation
import GRDB
import NIOCore
import Testing
import VerdictClientKit
import VerdictTestSupport

@testable import VerdictServer
@testable import VerdictShared

/// Compressed answers (`CompressionMiddleware`): gzip and deflate bodies decode to exactly the bytes a client that
/// does not ask gets, which are today's; small bodies, tagged records and `serve --no-compression` are left alone;
/// the real `verdict` client pulls the same workspace whichever way the server answers.
@Suite struct CompressionTests {
    /// One GET over a raw connection (the body as it came over the wire, de-chunked but not decoded).
    static func get(
        _ server: TestServer, _ path: String, as user: String = "erin", acceptEncoding: String? = nil
    ) async throws -> RawHTTPResponse {
        let port = server.port
        let token = server.tokens[user]
        let headers = acceptEncoding.map { [("Accept-Encoding", $0)] } ?? []
        return try await offThePool {
            try RawHTTPConnection(port: port, bearerToken: token).request("GET", path, headers: headers)
        }
    }

    /// The body decoded from `coding` (gzip, or HTTP's deflate: the zlib format); throws unless it is one whole
    /// stream (its end and checksum there, nothing after it).
    static func decode(_ body: Data, _ coding: String) throws -> Data {
        let algorithm: ZlibAlgorithm = coding == "gzip" ? .gzip : .zlib
        var input = ByteBuffer(bytes: body)
        let decompressor = try ZlibDecompressor(algorithm: algorithm)
        var output = ByteBuffer()
        var decoded = Data()
        while true {
            output.clear(minimumCapacity: 64 * 1024)
            do {
                try decompressor.inflate(from: &input, to: &output)
                decoded.append(contentsOf: output.readableBytesView)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                decoded.append(contentsOf: output.readableBytesView)
            }
        }
        guard input.readableBytes == 0 else { throw TestFailure("\(input.readableBytes) bytes after the stream") }
        // Past its end a stream answers Z_STREAM_END again; one cut short wants more input.
        var nothing = ByteBuffer()
        output.clear(minimumCapacity: 1024)
        do {
            try decompressor.inflate(from: &nothing, to: &output)
        } catch {
            throw TestFailure("the \(coding) stream does not end: \(error)")
        }
        return decoded
    }

    /// Enough records that a feed page is many KiB: the export desk, and more articles.
    static func desk(_ server: TestServer) async throws -> [Claim] {
        let claims = try await ExportAPITests.desk(server)
        for index in 0..<6 {
            _ = try await server.client("erin").createArticle(
                Fixtures.article(title: "Filler \(index)", body: Fixtures.uniqueBody()))
        }
        return claims
    }

    @Test func aFeedPageDecodesToTheBytesOfTheUncompressedOne() async throws {
        try await withServer { server in
            _ = try await Self.desk(server)
            let path = "/v1/changes?since=0&limit=5000"
            let plain = try await Self.get(server, path)
            #expect(plain.status == 200)
            #expect(plain.header("Content-Encoding") == nil)
            #expect(plain.header("Content-Length") == "\(plain.body.count)")
            #expect(plain.body.count > 4096, "the page is large enough to be worth compressing")
            for (asked, coding) in [
                ("gzip", "gzip"), ("deflate", "deflate"), ("gzip, deflate, br, zstd", "gzip"),
                ("gzip;q=0, deflate", "deflate"), ("deflate;q=0.5, gzip;q=0.8", "gzip"), ("*", "gzip"),
                ("X-GZIP", "gzip"),
            ] {
                let compressed = try await Self.get(server, path, acceptEncoding: asked)
                #expect(compressed.status == 200)
                #expect(compressed.header("Content-Encoding") == coding, "Accept-Encoding: \(asked)")
                #expect(compressed.header("Vary")?.contains("Accept-Encoding") == true)
                #expect(compressed.header("Content-Type") == plain.header("Content-Type"))
                #expect(compressed.body.count * 3 < plain.body.count, "\(compressed.body.count) of \(plain.body.count)")
                #expect(try Self.decode(compressed.body, coding) == plain.body, "Accept-Encoding: \(asked)")
            }
        }
    }

    @Test func clientsThatDoNotAskGetTheBodyAsItIs() async throws {
        try await withServer { server in
            _ = try await Self.desk(server)
            let path = "/v1/changes?since=0&limit=5000"
            let plain = try await Self.get(server, path)
            for asked in ["identity", "br", "gzip;q=0, deflate;q=0", "*;q=0", ""] {
                let response = try await Self.get(server, path, acceptEncoding: asked)
                #expect(response.header("Content-Encoding") == nil, "Accept-Encoding: \(asked)")
                #expect(response.body == plain.body, "Accept-Encoding: \(asked)")
            }
            // Small bodies, and records tagged with their version, go as they are even to a client that asks.
            let desk = try await Self.get(server, "/v1/desk", acceptEncoding: "gzip")
            #expect(desk.status == 200)
            #expect(desk.body.count < CompressionMiddleware<AuthenticatedContext>.minimumBytes)
            #expect(desk.header("Content-Encoding") == nil)
            let article = try await server.client("erin").createArticle(
                Fixtures.article(body: String(repeating: Fixtures.body + "\n\n", count: 3) + Fixtures.uniqueBody()))
            let tagged = try await Self.get(server, "/v1/articles/\(article.id)", acceptEncoding: "gzip")
            #expect(tagged.status == 200)
            #expect(tagged.header("ETag") != nil)
            #expect(tagged.body.count > CompressionMiddleware<AuthenticatedContext>.minimumBytes)
            #expect(tagged.header("Content-Encoding") == nil)
        }
    }

    @Test func serveNoCompressionSendsEveryBodyAsItIs() async throws {
        try await withServer(compression: false) { server in
            _ = try await Self.desk(server)
            for path in ["/v1/changes?since=0&limit=5000", "/v1/export?format=csv&method=majority"] {
                let response = try await Self.get(server, path, acceptEncoding: "gzip, deflate")
                #expect(response.status == 200)
                #expect(response.header("Content-Encoding") == nil, "\(path)")
                #expect(response.header("Vary") == nil, "\(path)")
            }
        }
    }

    /// The JSON export names the moment it was made; two exports differ there and nowhere else.
    static func withoutGeneratedAt(_ body: Data) -> String {
        String(decoding: body, as: UTF8.self).replacing(
            /"generatedAt":"[^"]*"/, with: "\"generatedAt\":\"-\"", maxReplacements: 1)
    }

    @Test func everyExportFormatStreamsCompressedToTheSameBytes() async throws {
        var config = ServerConfig()
        config.desk = DeskInfo(
            name: "Harbor Fact Desk", url: "https://factcheck.example.org/",
            consensus: Consensus.Policy(minimumVerdicts: 1, threshold: 0.7),
            claimReviewURL: "https://factcheck.example.org/checks/{claimId}")
        try await withServer(config: config) { server in
            let claims = try await Self.desk(server)
            let publish = try await server.client("erin").send(
                "POST", "/v1/publications",
                json: PublicationInput(claimId: claims[0].id, summary: "Three reviewers confirmed the count."))
            #expect(publish.status == 201, "\(publish.text)")
            for format in ExportFormat.allCases {
                for method in ConsensusMethod.allCases {
                    let path = "/v1/export?format=\(format.rawValue)&method=\(method.rawValue)"
                    let plain = try await Self.get(server, path)
                    #expect(plain.status == 200, "\(path)")
                    #expect(plain.header("Content-Encoding") == nil)
                    #expect(!plain.body.isEmpty)
                    for coding in ["gzip", "deflate"] {
                        let compressed = try await Self.get(server, path, acceptEncoding: coding)
                        #expect(compressed.status == 200, "\(path)")
                        #expect(compressed.header("Content-Encoding") == coding, "\(path)")
                        #expect(compressed.header("Content-Disposition") == plain.header("Content-Disposition"))
                        let decoded = try Self.decode(compressed.body, coding)
                        if format == .json {
                            #expect(Self.withoutGeneratedAt(decoded) == Self.withoutGeneratedAt(plain.body), "\(path)")
                        } else {
                            #expect(decoded == plain.body, "\(path) \(coding)")
                        }
                    }
                }
            }
        }
    }

    /// Rows of the workspace tables that hold the server's records, in a stable order.
    static func records(of client: ClientWorkspace) throws -> [String] {
        let queue = try DatabaseQueue(
            path: try client.directory.appendingPathComponent(Workspace.fileName).path,
            configuration: {
                var c = Configuration(); c.readonly = true; return c
            }())
        defer { try? queue.close() }
        return try queue.read { db in
            var rows: [String] = []
            for table in ["articles", "claims", "verdicts", "publications"] {
                rows += try String.fetchAll(db, sql: "SELECT json FROM \(table) ORDER BY id").map { "\(table) \($0)" }
            }
            rows += try String.fetchAll(db, sql: "SELECT key || '=' || value FROM meta WHERE key IN ('feed', 'cursor')")
            return rows
        }
    }

    @Test func theClientPullsTheSameWorkspaceFromACompressingServer() async throws {
        let first = try await TestServer.start()
        let directory = first.directory
        let tokens = first.tokens
        var compressedBytes = 0
        let compressed = try ClientWorkspace(user: "rita")
        do {
            _ = try await Self.desk(first)
            let relay = try HoldingRelay(to: first.port, after: Int.max, requestsStartingWith: "GET")
            defer { relay.close() }
            try await compressed.login(first, at: "http://127.0.0.1:\(relay.port)")
            let before = relay.answerBytes
            try await compressed.ok(["pull"])
            compressedBytes = relay.answerBytes - before
            try await first.stop()
        } catch {
            try? await first.stop()
            throw error
        }
        // The same database served again, without compression.
        let second = try await TestServer.start(directory: directory, existingTokens: tokens, compression: false)
        var plainBytes = 0
        let plain = try ClientWorkspace(user: "rita")
        do {
            let relay = try HoldingRelay(to: second.port, after: Int.max, requestsStartingWith: "GET")
            defer { relay.close() }
            try await plain.login(second, at: "http://127.0.0.1:\(relay.port)")
            let before = relay.answerBytes
            try await plain.ok(["pull"])
            plainBytes = relay.answerBytes - before
            try await second.stop()
        } catch {
            try? await second.stop()
            throw error
        }
        let pulled = try Self.records(of: compressed)
        #expect(pulled.count > 15, "the desk's records, the feed and the cursor")
        #expect(pulled == (try Self.records(of: plain)))
        #expect(compressedBytes * 2 < plainBytes, "\(compressedBytes) bytes compressed, \(plainBytes) plain")
    }
}
