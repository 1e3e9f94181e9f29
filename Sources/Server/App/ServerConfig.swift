import Foundation
import Hummingbird
import VerdictShared

/// The server's configuration file (JSON). Every key is optional:
///
/// ```json
/// {
///   "desk": { "name": "Harbor Fact Desk", "url": "https://factcheck.example.org" },
///   "scale": { "labels": [ { "id": "true", "name": "True", "ordinal": true }, ... ] },
///   "maxBodyBytes": 16777216,
///   "maxPushBatch": 5000,
///   "bodies": { "maxBufferedBytes": 67108864, "maxBufferedBytesPerUser": 33554432,
///               "graceSeconds": 30, "minBytesPerSecond": 4096 },
///   "rememberOutcomesDays": 30,
///   "consensus": { "minimumVerdicts": 3, "threshold": 0.7 },
///   "workflow": { "blindReview": true, "targetVerdicts": 3, "quorumVerdicts": 3, "quorumProbability": 0.6 }
/// }
/// ```
struct ServerConfig: Decodable, Sendable {
    /// The desk that publishes verdicts, as `GET /v1/desk` answers it. The file keeps its policy apart, under
    /// the top-level `consensus` key.
    var desk = DeskInfo(name: "Verdict desk", url: nil, consensus: Consensus.Policy())
    var scale: VerdictScale = .standard
    /// Largest request body accepted, in bytes (413 beyond).
    var maxBodyBytes: Int = 16 * 1024 * 1024
    /// Most mutations accepted in one push.
    var maxPushBatch: Int = 5_000
    /// How many request bodies the server reads at once, and how slowly they may come.
    var bodies = BodyLimits()
    /// Days a push's outcomes are remembered, so that a retried push is answered as before rather than applied
    /// again. The client retries a push until it is answered; a workspace offline longer than this that pushes
    /// again gets its edits decided afresh (a verdict already applied then comes back as a conflict to resolve,
    /// never applied twice silently).
    var rememberOutcomesDays = 30

    init() {}

    enum CodingKeys: String, CodingKey {
        case desk, scale, maxBodyBytes, maxPushBatch, consensus, workflow, bodies, rememberOutcomesDays
    }

    /// Bounds on request bodies in memory: the bytes buffered at once, server-wide and per user (a body is counted
    /// at its `Content-Length`, or at `maxBodyBytes` when it has none, from before it is read until its answer is
    /// made; beyond either bound the request is answered 503 with `Retry-After`), and the time a body may take to
    /// arrive: `graceSeconds` plus one second per `minBytesPerSecond` of it (408 beyond).
    struct BodyLimits: Codable, Sendable, Equatable {
        /// Nil: four bodies of the largest size.
        var maxBufferedBytes: Int?
        /// Nil: two bodies of the largest size.
        var maxBufferedBytesPerUser: Int?
        var graceSeconds: Double = 30
        var minBytesPerSecond: Int = 4096

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            maxBufferedBytes = try container.decodeIfPresent(Int.self, forKey: .maxBufferedBytes)
            maxBufferedBytesPerUser = try container.decodeIfPresent(Int.self, forKey: .maxBufferedBytesPerUser)
            graceSeconds = try container.decodeIfPresent(Double.self, forKey: .graceSeconds) ?? 30
            minBytesPerSecond = try container.decodeIfPresent(Int.self, forKey: .minBytesPerSecond) ?? 4096
        }

        func problems(maxBodyBytes: Int) -> [String] {
            var problems: [String] = []
            let perUser = maxBufferedBytesPerUser ?? 2 * maxBodyBytes
            if perUser < maxBodyBytes {
                problems.append("bodies.maxBufferedBytesPerUser must be at least maxBodyBytes (\(maxBodyBytes))")
            }
            if (maxBufferedBytes ?? 4 * maxBodyBytes) < perUser {
                problems.append("bodies.maxBufferedBytes must be at least bodies.maxBufferedBytesPerUser")
            }
            if !(graceSeconds > 0 && graceSeconds <= 3600) {
                problems.append("bodies.graceSeconds must be above 0 and at most 3600")
            }
            if minBytesPerSecond < 1 { problems.append("bodies.minBytesPerSecond must be at least 1") }
            return problems
        }
    }

    /// `desk` in the file: who the desk is, without its policy.
    private struct DeskFields: Decodable {
        var name: String
        var url: String?
        var claimReviewURL: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ServerConfig()
        if let named = try container.decodeIfPresent(DeskFields.self, forKey: .desk) {
            desk.name = named.name
            desk.url = named.url
            desk.claimReviewURL = named.claimReviewURL
        }
        desk.consensus =
            try container.decodeIfPresent(Consensus.Policy.self, forKey: .consensus) ?? defaults.desk.consensus
        desk.workflow = try container.decodeIfPresent(DeskWorkflow.self, forKey: .workflow) ?? defaults.desk.workflow
        scale = try container.decodeIfPresent(VerdictScale.self, forKey: .scale) ?? defaults.scale
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        maxPushBatch = try container.decodeIfPresent(Int.self, forKey: .maxPushBatch) ?? defaults.maxPushBatch
        bodies = try container.decodeIfPresent(BodyLimits.self, forKey: .bodies) ?? defaults.bodies
        rememberOutcomesDays =
            try container.decodeIfPresent(Int.self, forKey: .rememberOutcomesDays) ?? defaults.rememberOutcomesDays
    }

    /// Reads and checks a config file; errors name the file and the problem.
    static func load(path: String?) throws -> ServerConfig {
        guard let path else { return ServerConfig() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("cannot read config file \(path): \(error.localizedDescription)")
        }
        let config: ServerConfig
        do {
            config = try JSONDecoder().decode(ServerConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError("config file \(path): \(describe(error))")
        }
        var problems = config.scale.problems()
        if config.maxBodyBytes < 1024 { problems.append("maxBodyBytes must be at least 1024") }
        let policy = config.desk.consensus
        if policy.minimumVerdicts < 1 { problems.append("consensus.minimumVerdicts must be at least 1") }
        if !(0...1).contains(policy.threshold) { problems.append("consensus.threshold must be from 0 to 1") }
        problems += config.desk.workflow.problems()
        if config.maxPushBatch < 1 { problems.append("maxPushBatch must be at least 1") }
        problems += config.bodies.problems(maxBodyBytes: config.maxBodyBytes)
        if config.rememberOutcomesDays < 1 { problems.append("rememberOutcomesDays must be at least 1") }
        if config.desk.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("desk.name is empty") }
        if let template = config.desk.claimReviewURL,
            !(template.hasPrefix("https://") || template.hasPrefix("http://")) || !template.contains("{claimId}")
        {
            problems.append("desk.claimReviewURL must be an http(s) address with {claimId} in it, not '\(template)'")
        }
        guard problems.isEmpty else {
            throw ConfigError("config file \(path): " + problems.joined(separator: "; "))
        }
        return config
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: "not valid JSON"
        default: Request.describe(error)
        }
    }
}

/// A configuration problem, for the person starting the server.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
