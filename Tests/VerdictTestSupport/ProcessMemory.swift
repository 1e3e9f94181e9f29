import Foundation

/// Memory of a process as `/proc/PID/status` reports it, and the push that measures the server's under load:
/// shared by the memory-ceiling test and `verdict-bench --hardening`.
public enum ProcessMemory {
    /// A field of `/proc/PID/status` in MiB (`VmHWM`: the peak resident set; `VmRSS`: now); 0 when unreadable.
    public static func mebibytes(_ pid: Int32, _ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    /// A push of about 15 MB: 820 verdicts with rationales near the limit, on a claim that does not exist (each
    /// is read, decoded and refused, so the server does all the work of reading a push but writes nothing).
    public static func largePush(idPrefix: String) -> Data {
        let rationale = String(repeating: "The figure does not match the ministry's table. ", count: 390)
        var text = "{\"mutations\":["
        for index in 0..<820 {
            if index > 0 { text += "," }
            text += """
                {"mutationId":"\(idPrefix)-\(index)","type":"verdict","op":"put","id":"\(idPrefix)-\(index)",\
                "record":{"claimId":"no-such-claim","label":"false","rationale":"\(rationale)"}}
                """
        }
        return Data((text + "]}").utf8)
    }
}
