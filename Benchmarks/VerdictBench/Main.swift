import ArgumentParser
import Foundation

/// `verdict-bench`: the figures in BENCHMARKS.md. Run in release mode through `scripts/bench.sh`.
///
/// By default the server's figures (`ServerBench`); `--client` for the client's (`ClientBench`), `--consensus`
/// for consensus, agreement and exports (`ConsensusBench`), `--bad-link` for a client on a slow, lossy link
/// (`BadLinkBench`). Each starts the real release binaries built beside
/// it on temporary databases.
@main
struct VerdictBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict-bench",
        abstract: "Measure the server, the client, or consensus and exports: the figures in BENCHMARKS.md.",
        discussion: """
            Run it in release mode through scripts/bench.sh, which first builds verdict-server and verdict \
            beside it. Without --client or --consensus it measures the server, which needs wrk; --postgres \
            measures PostgreSQL against SQLite; --bad-link measures pull and push over a shaped link between two \
            network namespaces (as root).
            """)

    @OptionGroup var options: Options

    func run() async throws {
        do {
            if options.badLink {
                try BadLinkBench(options: options).run()
            } else if options.postgres {
                try await PostgresBench(options: options).run()
            } else if options.writes {
                try await ServerBench(options: options).runWrites()
            } else if options.hardening {
                try HardeningBench(options: options).run()
            } else if options.suggestions {
                try SuggestionBench(options: options).run()
            } else if options.consensus {
                try ConsensusBench(options: options).run()
            } else if options.client {
                try ClientBench(options: options).run()
            } else {
                try await ServerBench(options: options).run()
            }
        } catch {
            FileHandle.standardError.write(Data("verdict-bench: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Which benchmark to run, and at which size.
struct Options: ParsableArguments {
    @Flag(help: "Measure the verdict client (pull, push, status) instead of the server.")
    var client = false

    @Flag(help: "Measure consensus, agreement and exports instead of the server.")
    var consensus = false

    @Flag(help: "Measure claim similarity and check-worthiness suggestions instead of the server.")
    var suggestions = false

    @Flag(
        help: """
            Measure single writes from 1, 8, 32 and 128 clients (group commit) against a trivial authenticated \
            GET (needs wrk).
            """)
    var writes = false

    @Flag(help: "Measure what hostile texts cost other writers, and memory under many large pushes.")
    var hardening = false

    @Flag(
        help: """
            Measure single writes and batch push on SQLite and on PostgreSQL with one and two servers, against \
            raw PostgreSQL inserts, and the feed at --feed-changes (needs PostgreSQL's programs and psql).
            """)
    var postgres = false

    @Flag(
        help: """
            Measure pull and push over a link of 1 Mbit/s, 300 ms round trip and 2% loss between two network \
            namespaces, with the server's compression on and off (as root; removes its namespaces however it ends).
            """)
    var badLink = false

    @Option(help: ArgumentHelp("Claims on the desk, for --bad-link.", valueName: "n"))
    var linkClaims = 10_000

    @Option(help: ArgumentHelp("Verdicts on the desk, for --bad-link.", valueName: "n"))
    var linkVerdicts = 100_000

    @Option(
        help: ArgumentHelp(
            "Seconds the uncompressed pull over the shaped link may take before it is cut off, for --bad-link.",
            valueName: "s"))
    var linkSeconds = 300

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL cluster for --postgres instead of a throwaway one (databases are made in it).",
            valueName: "url"))
    var postgresURL: String?

    @Option(help: ArgumentHelp("Pushes of --batch verdicts per set-up, for --postgres.", valueName: "n"))
    var pushes = 10

    @Option(help: ArgumentHelp("Claims to set up and verdicts to push, for the server's figures.", valueName: "n"))
    var verdicts = 100_000

    @Option(help: ArgumentHelp("Changes the feed grows to before it is paged through.", valueName: "n"))
    var feedChanges = 1_000_000

    @Option(help: ArgumentHelp("Seconds of single verdict writes with wrk.", valueName: "s"))
    var wrkSeconds = 10

    @Option(help: ArgumentHelp("Verdicts per push request.", valueName: "n"))
    var batch = 1_000

    @Option(
        name: .customLong("claims"),
        help: ArgumentHelp("Claims on the desk, for --client and --consensus.", valueName: "n"))
    var clientClaims = 100_000

    @Option(help: ArgumentHelp("Verdicts on the desk, for --client and --consensus.", valueName: "n"))
    var clientVerdicts = 1_000_000

    /// One claim per wrk connection (`Benchmarks/bench-writes.lua` runs 8).
    static let wrkConnections = 8

    func validate() throws {
        if client && consensus {
            throw ValidationError("--client and --consensus are separate benchmarks: pass one of them.")
        }
        let minimums: [(name: String, value: Int, minimum: Int, why: String)] = [
            ("verdicts", verdicts, Self.wrkConnections, "one claim for each of the 8 wrk connections"),
            ("feed-changes", feedChanges, 0, "a count"),
            ("wrk-seconds", wrkSeconds, 1, "wrk runs whole seconds"),
            ("batch", batch, 1, "a push carries at least one verdict"),
            ("pushes", pushes, 2, "two push clients share them"),
            ("claims", clientClaims, 1, "the desk needs a claim"),
            ("client-verdicts", clientVerdicts, 0, "a count"),
            (
                "link-claims", linkClaims, BadLinkBench.pushedVerdicts * 2,
                "each of the two pushes rates claims of its own"
            ),
            ("link-verdicts", linkVerdicts, 0, "a count"),
            ("link-seconds", linkSeconds, 1, "a time"),
        ]
        for option in minimums where option.value < option.minimum {
            throw ValidationError(
                "--\(option.name) must be at least \(option.minimum) (\(option.why)), not \(option.value).")
        }
        if linkVerdicts / linkClaims > ClientBench.reviewers {
            throw ValidationError(
                "--link-verdicts over --link-claims is more than the desk's \(ClientBench.reviewers) reviewers give.")
        }
        let perClaim = clientVerdicts / clientClaims
        if perClaim > ClientBench.reviewers {
            throw ValidationError(
                "--client-verdicts \(clientVerdicts) over --claims \(clientClaims) is \(perClaim) verdicts per claim; "
                    + "the desk's \(ClientBench.reviewers) reviewers give at most one each.")
        }
    }
}
