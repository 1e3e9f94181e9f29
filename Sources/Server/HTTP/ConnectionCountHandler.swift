import CoreMetrics
import NIOCore

/// Keeps ``ServerMetrics/openConnections``: one is added to each connection's pipeline (through
/// `HTTP1Channel.Configuration.additionalChannelHandlers`, HTTPS included), counting up when it joins the pipeline
/// and down when the pipeline is torn down as the connection closes. Hummingbird exposes no connection count.
final class ConnectionCountHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Reads pass on untouched (NIO wants every handler inbound or outbound).
    typealias InboundIn = NIOAny

    private let gauge: CoreMetrics.Meter
    private var counted = false

    init(_ gauge: CoreMetrics.Meter) {
        self.gauge = gauge
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        gauge.increment()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        guard counted else { return }
        counted = false
        gauge.decrement()
    }
}
