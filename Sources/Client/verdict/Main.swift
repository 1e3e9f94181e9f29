import ArgumentParser
import Foundation
import VerdictClientKit

/// `verdict`: the reviewer's terminal client. Pull a desk's articles, read and rate claims offline, push later.
@main
struct VerdictCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict",
        abstract: "Read and rate the claims in a desk's articles, offline, and sync with a Verdict server.",
        discussion: """
            Start with `verdict login --server URL --user NAME`, then `verdict pull`. Everything but login, pull, \
            push and sync works without a network; `verdict sync` sends your edits and fetches everyone else's.

            Environment: VERDICT_WORKSPACE (the workspace folder), VERDICT_TOKEN (a token instead of the stored \
            one), VERDICT_RETRIES (retries of a failed request that is safe to repeat, default 4, with backoff \
            from 0.5 s), VERDICT_PULL_PAGE (changes per pull request, default 1000), VERDICT_PUSH_BATCH (edits \
            per push request, default 1000), VERDICT_PROGRESS_DELAY (seconds of work before a progress bar is \
            drawn, default 1), NO_COLOR, XDG_DATA_HOME, and http_proxy/https_proxy/no_proxy.

            Exit status: 0 success; 1 error; 2 some edits ended in conflict or were rejected; 3 the server \
            could not be reached; 4 the server refused the token; 5 your role may not do this; 64 a usage \
            error (an unknown option, a bad value).
            """,
        subcommands: [
            LoginCommand.self, PullCommand.self, PushCommand.self, SyncCommand.self, StatusCommand.self,
            ArticlesCommand.self, ArticleCommand.self, ShowCommand.self, SearchCommand.self, ClaimCommand.self,
            SimilarCommand.self, SuggestCommand.self, LinkCommand.self, UnlinkCommand.self, RateCommand.self,
            UnrateCommand.self,
            QueueCommand.self,
            ReviewCommand.self, ConflictsCommand.self, ResolveCommand.self, LogCommand.self, AgreementCommand.self,
            ExportCommand.self, ReadyCommand.self, PublishCommand.self, PublicationsCommand.self, AssignCommand.self,
            UnassignCommand.self, AssignmentsCommand.self, CoverageCommand.self,
        ]
    )

    static func main() {
        // Whatever the client writes (workspace, token, exports, the editor's note file) is the user's alone.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Terminal.note("verdict: \(error.description)")
            Foundation.exit(error.exitCode)
        } catch let error as ClientError {
            Terminal.note("verdict: \(error.description)")
            Foundation.exit(error.isForbidden ? 5 : 1)
        } catch let error as NetworkError {
            Terminal.note("verdict: \(error.description)")
            Foundation.exit(error.isTransient ? 3 : 1)
        } catch let error as ServerError {
            Terminal.note(
                "verdict: \(error.description)"
                    + (error.status == 401 ? "; log in again with `verdict login --server URL --user NAME`" : ""))
            Foundation.exit(error.status == 401 ? 4 : error.status == 403 ? 5 : 1)
        } catch {
            // ArgumentParser prints its own errors (usage, help); any other may quote stored text.
            if exitCode(for: error) == .failure && !(error is ExitCode) && !(error is ValidationError) {
                Terminal.note("verdict: \(message(for: error))")
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
