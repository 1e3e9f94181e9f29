import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One live verdict as the consensus math reads it: the reviewer's index and the label's index in the scale.
public struct Vote: Sendable, Equatable {
    public var rater: Int32
    public var label: Int32

    public init(rater: Int32, label: Int32) {
        self.rater = rater
        self.label = label
    }
}

/// Live verdicts grouped by claim, read through once per pass (Dawid-Skene makes one pass per iteration).
/// Every pass gives the same claims in the same order, so results never depend on how often it was read.
public protocol VotePasses {
    /// Reviewers are `0..<raterCount`.
    var raterCount: Int { get }
    /// Calls `body` with each claim's article index and votes.
    func forEachClaim(_ body: (_ article: Int, _ votes: ArraySlice<Vote>) throws -> Void) throws
}

/// The desk's live verdicts in compact form, written once to an unlinked temporary file (8 bytes a verdict)
/// and read back pass after pass through a small buffer: consensus and agreement over a million verdicts
/// never hold them in memory. Names are kept once per reviewer and article.
///
/// Rows must come grouped by article, and within an article by claim; within a claim, in reviewer order as
/// SQLite sorts text (byte order), so that every copy of the same data sums in the same order.
/// Not for use from two threads at once.
public final class VoteSpool: VotePasses {
    public enum SpoolError: Error, CustomStringConvertible {
        case file(String)

        public var description: String {
            switch self {
            case .file(let message): return message
            }
        }
    }

    public let scale: VerdictScale
    /// Reviewer names by index.
    public private(set) var reviewers: [String] = []
    /// Article ids by index, in the order they came.
    public private(set) var articles: [String] = []
    public var raterCount: Int { reviewers.count }

    private var reviewerIndex: [String: Int32] = [:]
    private let labelIndex: [String: Int32]
    private let file: UnsafeMutablePointer<FILE>
    private var currentClaim: String?
    private var currentArticle: String?
    private var pending: [Vote] = []
    private var finished = false
    private var writtenClaims = 0

    /// A spool in `directory` (the system's temporary directory by default). The file is unlinked at once:
    /// it disappears when the spool is released or the process ends, however it ends.
    public init(scale: VerdictScale, directory: String? = nil) throws {
        self.scale = scale
        labelIndex = Dictionary(uniqueKeysWithValues: scale.labels.enumerated().map { ($1.id, Int32($0)) })
        let folder = directory ?? FileManager.default.temporaryDirectory.path
        var template = Array("\(folder)/verdict-votes-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw SpoolError.file("cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        guard let file = fdopen(descriptor, "w+b") else {
            close(descriptor)
            throw SpoolError.file("cannot open a temporary file in \(folder)")
        }
        setvbuf(file, nil, _IOFBF, 1 << 18)
        self.file = file
    }

    deinit { fclose(file) }

    /// Adds one live verdict (see the type's note on order). A label that is not on the scale is left out.
    public func add(claim: String, article: String, reviewer: String, label: String) throws {
        precondition(!finished, "VoteSpool: add after the first pass")
        guard let value = labelIndex[label] else { return }
        if claim != currentClaim {
            try flush()
            currentClaim = claim
            if article != currentArticle {
                currentArticle = article
                articles.append(article)
            }
        }
        let rater: Int32
        if let known = reviewerIndex[reviewer] {
            rater = known
        } else {
            rater = Int32(reviewers.count)
            reviewerIndex[reviewer] = rater
            reviewers.append(reviewer)
        }
        pending.append(Vote(rater: rater, label: value))
    }

    /// Reviewer indices by name (what a consensus evaluator needs after the spool is gone).
    public var reviewerIndices: [String: Int32] { reviewerIndex }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        var header = (Int32(articles.count - 1), Int32(pending.count))
        let wroteHeader = withUnsafeBytes(of: &header) { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
        let wroteVotes = pending.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
        guard wroteHeader, wroteVotes else {
            throw SpoolError.file("cannot write the verdicts' temporary file (is the disk full?)")
        }
        writtenClaims += 1
        pending.removeAll(keepingCapacity: true)
    }

    public func forEachClaim(_ body: (Int, ArraySlice<Vote>) throws -> Void) throws {
        if !finished {
            try flush()
            finished = true
            guard fflush(file) == 0 else { throw SpoolError.file("cannot write the verdicts' temporary file") }
        }
        rewind(file)
        var votes: [Vote] = []
        for _ in 0..<writtenClaims {
            var header: (Int32, Int32) = (0, 0)
            let readHeader = withUnsafeMutableBytes(of: &header) {
                fread($0.baseAddress, 1, $0.count, file) == $0.count
            }
            let count = Int(header.1)
            guard readHeader, count > 0 else { throw SpoolError.file("the verdicts' temporary file ended early") }
            if votes.count < count { votes = [Vote](repeating: Vote(rater: 0, label: 0), count: count) }
            let bytes = count * MemoryLayout<Vote>.stride
            let readVotes = votes.withUnsafeMutableBytes { fread($0.baseAddress, 1, bytes, file) == bytes }
            guard readVotes else { throw SpoolError.file("the verdicts' temporary file ended early") }
            try body(Int(header.0), votes[0..<count])
        }
    }
}
