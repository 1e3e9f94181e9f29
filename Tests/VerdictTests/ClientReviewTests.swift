import Foundation
import Testing
import VerdictShared
import VerdictTestSupport

@testable import VerdictServer

/// `verdict review` driven through a real pseudo-terminal (util-linux `script`), key by key.
@Suite struct ClientReviewTests {
    /// A process on a pseudo-terminal whose screen output can be awaited.
    final class TerminalSession: Sendable {
        let process = SpawnedProcess()
        let input = Pipe()
        private let screen: CollectedOutput

        init(command: String, environment: [String: String]) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", command, "/dev/null"]
            var environment = environment
            environment["TERM"] = "xterm"
            process.environment = environment
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            screen = CollectedOutput(reading: output.fileHandleForReading)
        }

        var text: String { screen.text }

        /// Waits until `needle` has appeared `count` times on the screen.
        func wait(for needle: String, count: Int = 1, timeout: TimeInterval = 20) async throws {
            try await offThePool { try self.waitBlocking(for: needle, count: count, timeout: timeout) }
        }

        private func waitBlocking(for needle: String, count: Int, timeout: TimeInterval) throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if text.components(separatedBy: needle).count - 1 >= count { return }
                Thread.sleep(forTimeInterval: 0.01)
            }
            throw TestFailure("'\(needle)' did not appear \(count) time(s) on the screen:\n\(text)")
        }

        func type(_ keys: String) {
            input.fileHandleForWriting.write(Data(keys.utf8))
        }

        func waitForExit(timeout: TimeInterval = 20) async throws -> Int32 {
            try await offThePool { try self.waitForExitBlocking(timeout: timeout) }
        }

        private func waitForExitBlocking(timeout: TimeInterval) throws -> Int32 {
            if !process.exits(within: timeout) {
                process.terminate()
                throw TestFailure("review did not exit:\n\(text)")
            }
            return process.terminationStatus
        }
    }

    @Test func reviewRatesClaimByClaimWithKeys() async throws {
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let session = try TerminalSession(
                command: "\(ClientWorkspace.binary.path) review \(article.id.prefix(8))",
                environment: rita.environment())
            try await session.wait(for: "claim 1 of 2")
            session.type("2")  // mostly-true, then on to claim 2
            try await session.wait(for: "claim 2 of 2")
            session.type("b")  // back to claim 1
            try await session.wait(for: "your verdict: mostly-true")
            session.type("n")
            try await session.wait(for: "Note (")
            session.type("Matches the air force count\n")
            try await session.wait(for: "note saved")
            session.type("s")
            try await session.wait(for: "claim 2 of 2", count: 2)
            session.type("5")  // false; the last claim, so the review ends
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            #expect(session.text.contains("Saved 2 ratings"), "\(session.text)")

            let shown = try await rita.json(ShownArticle.self, ["show", article.id])
            let byClaim = Dictionary(uniqueKeysWithValues: shown.claims.map { ($0.claim.id, $0) })
            #expect(byClaim[claims[0].id]?.verdict?.label == "mostly-true")
            #expect(byClaim[claims[0].id]?.verdict?.rationale == "Matches the air force count")
            #expect(byClaim[claims[1].id]?.verdict?.label == "false")
            #expect(try await rita.ok(["push"]).contains("2 applied"))
        }
    }

    @Test func aNoteCanBeWrittenInTheEditor() async throws {
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let editor = rita.dataHome.appendingPathComponent("editor.sh")
            try "#!/bin/sh\nprintf 'Written in the editor\\n' > \"$1\"\n".write(
                to: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
            let session = try TerminalSession(
                command: "\(ClientWorkspace.binary.path) review \(article.id)",
                environment: rita.environment(["VISUAL": editor.path]))
            try await session.wait(for: "claim 1 of 2")
            session.type("3")
            try await session.wait(for: "claim 2 of 2")
            session.type("b")
            try await session.wait(for: "your verdict: mixed")
            session.type("e")
            try await session.wait(for: "note saved")
            session.type("q")
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            let shown = try await rita.json(ShownArticle.self, ["show", article.id])
            let first = shown.claims.first { $0.claim.id == claims[0].id }
            #expect(first?.verdict?.rationale == "Written in the editor", "\(session.text)")
        }
    }

    /// A real terminal editor (vim) reads the terminal: it must run in the foreground process group.
    @Test func aNoteCanBeWrittenInVim() async throws {
        let vim = ["/usr/bin/vim", "/usr/bin/vi"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let editor = try #require(vim, "scripts/install-deps.sh installs vim-tiny when there is no vi")
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let session = try TerminalSession(
                command: "\(ClientWorkspace.binary.path) review \(article.id)",
                environment: rita.environment(["VISUAL": "\(editor) -u NONE -N -n", "TERM": "xterm"]))
            try await session.wait(for: "claim 1 of 2")
            session.type("2")
            try await session.wait(for: "claim 2 of 2")
            session.type("b")
            try await session.wait(for: "your verdict: mostly-true")
            session.type("e")
            try await session.wait(for: "verdict-note-", count: 1)  // vim shows the file's name once it is up
            session.type("iTyped in vim\u{1B}:wq\r")
            try await session.wait(for: "note saved")
            session.type("q")
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            let shown = try await rita.json(ShownArticle.self, ["show", article.id])
            let first = shown.claims.first { $0.claim.id == claims[0].id }
            #expect(first?.verdict?.rationale == "Typed in vim", "\(session.text)")
        }
    }

    @Test func evidenceConfidenceAndAnchoringKeys() async throws {
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let session = try TerminalSession(
                command: "\(ClientWorkspace.binary.path) review \(article.id.prefix(8))",
                environment: rita.environment())
            try await session.wait(for: "claim 1 of 2")
            session.type("v")
            try await session.wait(for: "pick a label first, then add evidence")
            session.type("a")
            try await session.wait(for: "anchored where it was marked")
            session.type("4")
            try await session.wait(for: "claim 2 of 2")
            session.type("b")
            try await session.wait(for: "your verdict: mostly-false")
            session.type("v")
            try await session.wait(for: "Evidence URL")
            session.type("ftp://example.org/x\n")
            try await session.wait(for: "evidence must be an http:// or https:// URL")
            session.type("v")
            try await session.wait(for: "Evidence URL", count: 2)
            session.type("https://example.org/count\n")
            try await session.wait(for: "evidence added (1 source)")
            session.type("c")
            try await session.wait(for: "Confidence (")
            session.type("70\n")
            try await session.wait(for: "mostly-false (70%)")
            session.type("q")
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            let verdict = try await rita.json(ShownArticle.self, ["show", article.id]).claims.first {
                $0.claim.id == claims[0].id
            }?.verdict
            #expect(verdict?.label == "mostly-false" && verdict?.confidence == 0.7)
            #expect(verdict?.evidence?.map(\.url) == ["https://example.org/count"])
        }
    }

    @Test func quittingKeepsWhatWasSaved() async throws {
        try await withServer { server in
            let (article, claims) = try await ClientTests.seed(server)
            let rita = try ClientWorkspace(user: "rita")
            try await rita.login(server)
            try await rita.ok(["pull"])
            let session = try TerminalSession(
                command: "\(ClientWorkspace.binary.path) review", environment: rita.environment())
            try await session.wait(for: "claim 1 of 2")
            session.type("1")
            try await session.wait(for: "claim 2 of 2")
            session.type("\u{3}")  // Ctrl-C quits cleanly, the terminal restored
            #expect(try await session.waitForExit() == 0, "\(session.text)")
            let shown = try await rita.json(ShownArticle.self, ["show", article.id])
            #expect(shown.claims.first { $0.claim.id == claims[0].id }?.verdict?.label == "true")
            #expect(shown.claims.first { $0.claim.id == claims[1].id }?.verdict == nil)
        }
    }
}
