import Foundation
import Testing
import VerdictShared

@testable import VerdictServer

@Suite struct MetricsTests {
    /// One sample line of the Prometheus text format: its metric name, labels and value.
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// The samples and `# TYPE` lines of an exposition; records an issue for every line that is neither a comment
    /// nor `name{label="value",...} value`, and for every sample whose family has no `# TYPE` line.
    static func parse(_ text: String) throws -> (samples: [Sample], types: [String: String]) {
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*""#
        let number = #"[-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|Inf|NaN)"#
        let sampleLine = try Regex("^(\(name))(?:\\{(\(label)(?:,\(label))*)?\\})? (\(number))$")
        let typeLine = try Regex("^# TYPE (\(name)) (counter|gauge|histogram|summary|untyped)$")
        let labelPair = try Regex(#"([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""#)
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                if let match = try typeLine.wholeMatch(in: line) {
                    types[String(match.output[1].substring ?? "")] = String(match.output[2].substring ?? "")
                } else {
                    #expect(line.hasPrefix("# HELP "), "a comment that is neither TYPE nor HELP: \(line)")
                }
                continue
            }
            guard let match = try sampleLine.wholeMatch(in: line) else {
                Issue.record("not a Prometheus sample line: \(line)")
                continue
            }
            var labels: [String: String] = [:]
            if let list = match.output[2].substring {
                for pair in list.matches(of: labelPair) {
                    labels[String(pair.output[1].substring ?? "")] = String(pair.output[2].substring ?? "")
                }
            }
            let value = String(match.output[3].substring ?? "")
            samples.append(
                Sample(
                    name: String(match.output[1].substring ?? ""), labels: labels,
                    value: value.hasSuffix("Inf")
                        ? (value.hasPrefix("-") ? -.infinity : .infinity) : Double(value) ?? .nan
                ))
        }
        for sample in samples {
            let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && types[name] == nil ? String(name.dropLast(suffix.count)) : name
            }
            #expect(types[family] != nil, "no # TYPE line for \(sample.name)")
        }
        return (samples, types)
    }

    /// The value of the one sample with this name and exactly these labels, nil when there is none.
    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test func adminsScrapeCountersThatMatchWhatHappened() async throws {
        try await withServer { server in
            let erin = server.client("erin")
            let rita = server.client("rita")
            // Two REST writes.
            let article = try await erin.createArticle()
            let claim = try await erin.createClaim(articleId: article.id, quote: "111 drones")
            #expect(try await erin.get("/v1/claims/\(claim.id)").status == 200)
            #expect(try await erin.get("/v1/no-such-thing/\(claim.id)").status == 404)
            #expect(try await erin.request("DELETE", "/metrics").status == 405)
            #expect(try await erin.request("PROPFIND", "/v1/coffee-\(claim.id)").status == 404)

            // A push with every outcome: applied, conflict (stale), merged (same span), and two rejected, one by the
            // store (no such claim) and one before it (a mutation id with a space).
            let verdict = RecordID.make()
            let start = try #require(TextAnchor.occurrences(of: "111 drones", in: article.body).first)
            let sameSpan = Mutation(
                mutationId: RecordID.make(), type: .claim, op: .put, id: RecordID.make(), baseVersion: nil,
                record: .claim(
                    ClaimInput(
                        articleId: article.id, revision: 1, quote: "111 drones", start: start,
                        end: start + "111 drones".unicodeScalars.count)))
            let results = try await rita.push([
                Mutation.verdict(id: verdict, claimId: claim.id, label: "true"),
                Mutation.verdict(id: verdict, claimId: claim.id, label: "false", baseVersion: 7),
                sameSpan,
                Mutation.verdict(claimId: "no-such-claim", label: "true"),
                Mutation.verdict(claimId: claim.id, label: "true", mutationId: "not an id"),
            ])
            #expect(results.map(\.status) == [.applied, .conflict, .merged, .rejected, .rejected])

            // Two feed reads.
            let first = try await rita.changes(since: 0, limit: 2)
            let rest = try await rita.changes(since: first.next)
            let changesRead = Double(first.changes.count + rest.changes.count)
            #expect(first.changes.count == 2 && changesRead == 3)

            // Refused scrapes.
            #expect(try await rita.get("/metrics").status == 403)
            #expect(try await server.client(nil).get("/metrics").status == 401)

            let scrape = try await server.client("ada").get("/metrics")
            #expect(scrape.status == 200)
            #expect(scrape.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let (samples, types) = try Self.parse(scrape.text)
            #expect(types["verdict_http_requests_total"] == "counter")
            #expect(types["verdict_http_request_duration_seconds"] == "histogram")
            #expect(types["verdict_mutations_total"] == "counter")
            #expect(types["verdict_db_write_transaction_seconds"] == "histogram")
            #expect(types["verdict_database_bytes"] == "gauge")
            #expect(types["verdict_open_connections"] == "gauge")

            func mutations(_ via: String, _ outcome: String) -> Double? {
                Self.value(samples, "verdict_mutations_total", ["via": via, "outcome": outcome])
            }
            #expect(mutations("push", "applied") == 1)
            #expect(mutations("push", "conflict") == 1)
            #expect(mutations("push", "merged") == 1)
            #expect(mutations("push", "rejected") == 2)
            #expect(mutations("rest", "applied") == 2)
            #expect(mutations("rest", "conflict") == 0)
            #expect(Self.value(samples, "verdict_pushes_total") == 1)
            #expect(Self.value(samples, "verdict_feed_reads_total") == 2)
            #expect(Self.value(samples, "verdict_feed_changes_total") == changesRead)

            func requests(_ method: String, _ route: String, _ status: String) -> Double? {
                Self.value(
                    samples, "verdict_http_requests_total", ["method": method, "route": route, "status": status])
            }
            #expect(requests("POST", "/v1/articles", "201") == 1)
            #expect(requests("GET", "/v1/claims/{id}", "200") == 1)
            #expect(requests("POST", "/v1/push", "200") == 1)
            #expect(requests("GET", "/v1/changes", "200") == 2)
            #expect(requests("GET", "unmatched", "404") == 1)
            #expect(requests("DELETE", "/metrics", "405") == 1, "a 405 is labelled with the path's route")
            #expect(requests("other", "unmatched", "404") == 1, "a method of the client's own is not a label")
            #expect(requests("GET", "/metrics", "403") == 1)
            #expect(requests("GET", "/metrics", "401") == 1)
            let routes = Set(samples.compactMap { $0.labels["route"] })
            #expect(
                !routes.contains { $0.contains(claim.id) || $0.contains("no-such-thing") || $0.contains("coffee") },
                "\(routes)")
            #expect(!samples.contains { $0.labels["method"] == "PROPFIND" })
            #expect(
                Self.value(
                    samples, "verdict_http_request_duration_seconds_count", ["method": "POST", "route": "/v1/push"])
                    == 1)

            // One write transaction per REST write and one for the push, at least (a refused batch is retried).
            let writes = try #require(Self.value(samples, "verdict_db_write_transaction_seconds_count"))
            #expect(writes >= 3)
            #expect(Self.value(samples, "verdict_db_write_transaction_seconds_bucket", ["le": "+Inf"]) == writes)
            let bytes = try #require(Self.value(samples, "verdict_database_bytes"))
            #expect(bytes > 0)
            // The scrape's own connection, at least.
            #expect(try #require(Self.value(samples, "verdict_open_connections")) >= 1)
        }
    }

    /// Each application has its own registry: two servers in one process never see each other's counts.
    @Test func eachServerCountsOnItsOwn() async throws {
        try await withServer { first in
            try await withServer { second in
                _ = try await first.client("erin").createArticle()
                let scrape = try await second.client("ada").get("/metrics")
                #expect(scrape.status == 200)
                let (samples, _) = try Self.parse(scrape.text)
                #expect(Self.value(samples, "verdict_mutations_total", ["via": "rest", "outcome": "applied"]) == 0)
                #expect(samples.allSatisfy { $0.labels["route"] != "/v1/articles" })
            }
        }
    }
}
