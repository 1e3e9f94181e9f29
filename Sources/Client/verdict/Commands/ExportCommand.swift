import ArgumentParser
import Foundation
import VerdictClientKit
import VerdictShared

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export consensus verdicts as JSON, NDJSON, CSV or schema.org ClaimReview.",
        discussion: """
            By default the server computes the export (editors and admins) and it is streamed to --out or \
            standard output. With --offline it is computed here from the workspace's copy as of the last pull, \
            with the same code and the desk's settings fetched at the last pull or login; your unpushed edits \
            are not counted. ClaimReview carries the desk's published verdicts only (`verdict publish`).
            """)

    @Option(help: ArgumentHelp("json, ndjson, csv or claimreview.", valueName: "format"))
    var format: ExportFormat = .json

    @Option(help: ArgumentHelp("majority or dawid-skene.", valueName: "method"))
    var method: ConsensusMethod = .dawidSkene

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Compute the export from this workspace, without the network.")
    var offline = false

    @Option(help: ArgumentHelp("Verdicts a claim needs to be settled (default: the desk's).", valueName: "n"))
    var minVerdicts: Int?

    @Option(
        help: ArgumentHelp("Probability the consensus needs to be settled, 0-1 (default: the desk's).", valueName: "x"))
    var threshold: Double?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let minVerdicts, minVerdicts < 1 { throw ValidationError("--min-verdicts must be at least 1") }
        if let threshold, !(threshold.isFinite && (0...1).contains(threshold)) {
            throw ValidationError("--threshold must be from 0 to 1")
        }
    }

    func run() throws {
        let workspace = try options.open()
        let output = try Output(path: out)
        do {
            if offline {
                try exportOffline(workspace, to: output.handle)
            } else {
                try exportOnline(workspace, to: output)
            }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
        if let out { Terminal.note("wrote \(out)") }
    }

    /// Where the export goes: a temporary file renamed into place on success (so a failed export never leaves
    /// a half file under the name asked for), or standard output.
    final class Output {
        let path: String?
        let temporary: URL?
        let handle: FileHandle

        init(path: String?) throws {
            self.path = path
            if let path {
                let target = URL(fileURLWithPath: path)
                let temporary = target.deletingLastPathComponent().appendingPathComponent(
                    ".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
                guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                    throw CLIError("cannot write to \(target.deletingLastPathComponent().path)")
                }
                self.temporary = temporary
                handle = try FileHandle(forWritingTo: temporary)
            } else {
                temporary = nil
                handle = FileHandle.standardOutput
            }
        }

        func commit() throws {
            guard let path, let temporary else { return }
            try handle.close()
            _ = try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(at: temporary, to: URL(fileURLWithPath: path))
        }

        func discard() {
            guard let temporary else { return }
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    private func exportOnline(_ workspace: Workspace, to output: Output) throws {
        var query = "format=\(format.rawValue)&method=\(method.rawValue)"
        if let minVerdicts { query += "&minVerdicts=\(minVerdicts)" }
        if let threshold { query += "&threshold=\(threshold)" }
        let client = try options.client(for: workspace)
        // Into a temporary file first: an error answer must not end up in the export.
        let download = FileManager.default.temporaryDirectory.appendingPathComponent(
            "verdict-export-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: download.path, contents: nil) else {
            throw CLIError("cannot write a temporary file in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? FileManager.default.removeItem(at: download) }
        let file = try FileHandle(forWritingTo: download)
        let status = try client.download("/v1/export?\(query)", to: file)
        try file.close()
        guard (200..<300).contains(status) else {
            let body = (try? Data(contentsOf: download)) ?? Data()
            if status == 403 {
                throw CLIError(
                    "exports from the server are for editors and admins; `verdict export --offline` computes one from "
                        + "your pulled copy", exitCode: 5)
            }
            throw ServerError(response: HTTPResponse(status: status, body: body))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: download.path)[.size]) as? Int
        if format == .claimreview, size == 3 {  // "[]\n": an empty list
            Terminal.note(
                "nothing to publish: no claim is published yet; `verdict ready` lists the claims ready to publish")
        }
        let reader = try FileHandle(forReadingFrom: download)
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.handle.write(contentsOf: chunk)
        }
    }

    private func exportOffline(_ workspace: Workspace, to handle: FileHandle) throws {
        var policy = try workspace.desk().consensus
        if let minVerdicts { policy.minimumVerdicts = minVerdicts }
        if let threshold { policy.threshold = threshold }
        let (format, method, settings) = (format, method, policy)
        let summary = try waitFor {
            try await workspace.writeExport(format: format, method: method, policy: settings) {
                try handle.write(contentsOf: Data($0.utf8))
            }
        }
        if format == .claimreview, let why = summary.nothingWritten {
            Terminal.note("nothing to publish: \(why); `verdict ready` lists the claims ready to publish")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
