import Foundation
import VerdictTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `verdict-server` child process and the admin commands around it.
final class ServerProcess {
    let process = Process()
    let port: Int
    private let logFile: URL

    /// Starts `verdict-server serve` on a free port over `database`, with `arguments` added.
    init(binary: URL, database: String, logFile: URL, arguments: [String] = []) throws {
        self.logFile = logFile
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = binary
        process.arguments = ["serve", "--db", database, "--port", "0"] + arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while true {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let range = text.range(of: "url=http://127.0.0.1:"),
                let port = Int(text[range.upperBound...].prefix { $0.isNumber })
            {
                self.port = port
                break
            }
            guard Date() < deadline, process.isRunning else { throw BenchError("server did not start: \(text)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Resident memory of the server process, in MiB.
    var residentMiB: Double { ProcessMemory.mebibytes(process.processIdentifier, "VmRSS") }

    /// CPU time the server process has used so far (user + system), in seconds: steadier than wall-clock
    /// rates on a shared machine, since time stolen by other guests is not counted.
    var cpuSeconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are
        // fields 14 and 15 of the line, in clock ticks.
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// Runs an admin command of the binary and returns its standard output.
    static func admin(_ binary: URL, _ arguments: [String]) throws -> String {
        let output = try ChildProcess.run(binary, arguments, capturingStandardError: false)
        guard output.status == 0 else { throw BenchError("verdict-server \(arguments) failed") }
        return output.stdout
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Just enough HTTP for the benchmark, over URLSession with keep-alive.
struct BenchClient {
    let base: String
    let token: String
    var port: Int { Int(base.split(separator: ":").last ?? "") ?? 0 }
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 600
        return URLSession(configuration: configuration)
    }()

    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw BenchError("\(method) \(path): \(status) \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return data
    }
}
