import Foundation
import NIOConcurrencyHelpers

/// What a child process writes to a pipe, collected as it comes by a thread of its own, until the pipe closes.
final class CollectedOutput: Sendable {
    private let buffer = NIOLockedValueBox("")

    init(reading handle: FileHandle) {
        let buffer = self.buffer
        Thread.detachNewThread {
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                buffer.withLockedValue { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    /// Everything collected so far.
    var text: String { buffer.withLockedValue { $0 } }
}
