import CompressNIO
import Hummingbird
import NIOCore

/// A response body writer that compresses what is written to it, chunk by chunk, and hands the compressed bytes on
/// to the real writer as zlib produces them: a streamed export is never held whole, only zlib's own state (about
/// 256 KiB) and one output buffer.
///
/// zlib's `Z_NO_FLUSH` between chunks keeps the ratio of one stream; `finish` ends it (`Z_FINISH`) before the
/// parent writer finishes. One writer serves one response, on one task: the compressor is not shared.
struct CompressingBodyWriter: ResponseBodyWriter {
    private var parent: any ResponseBodyWriter
    private let compressor: ZlibCompressor
    private var output: ByteBuffer

    static let outputCapacity = 64 * 1024

    init(parent: any ResponseBodyWriter, coding: ContentCoding) throws {
        self.parent = parent
        self.compressor = try ZlibCompressor(algorithm: coding.algorithm, configuration: Self.configuration)
        self.output = ByteBufferAllocator().buffer(capacity: Self.outputCapacity)
    }

    /// zlib's fastest level: on feed pages of varied records (BENCHMARKS.md) level 6, zlib's default, saves about
    /// a tenth more bytes for three times the CPU, and the server compresses every reviewer's pulls.
    static let configuration = ZlibConfiguration(
        windowSize: 15, compressionLevel: 1, memoryLevel: 8, strategy: .default)

    mutating func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0 else { return }
        var input = buffer
        try await deflate(&input, finishing: false)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var empty = ByteBuffer()
        try await deflate(&empty, finishing: true)
        try await parent.finish(trailingHeaders)
    }

    /// Feeds `input` to zlib until it has taken all of it (and, when finishing, has written the stream's end),
    /// writing each full output buffer on, and what is left of it at the end.
    private mutating func deflate(_ input: inout ByteBuffer, finishing: Bool) async throws {
        while true {
            if output.writableBytes == 0 { try await emit() }
            do {
                try compressor.deflate(from: &input, to: &output, flush: finishing ? .finish : .no)
                // Z_STREAM_END when finishing; else Z_OK, with all input taken unless the output filled up.
                if finishing || input.readableBytes == 0 { break }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // Z_BUF_ERROR: no progress was possible. Without input and without finishing, that is done.
                if !finishing && input.readableBytes == 0 && output.writableBytes > 0 { break }
                try await emit()
            }
        }
        if output.readableBytes > 0 { try await emit() }
    }

    private mutating func emit() async throws {
        let chunk = output
        output = ByteBufferAllocator().buffer(capacity: Self.outputCapacity)
        try await parent.write(chunk)
    }
}
