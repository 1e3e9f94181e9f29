import Foundation
import VerdictTestSupport

/// A bad network link between two TUN devices, in user space: what `tc netem delay D loss L rate R` on both ends
/// of a veth pair does, for kernels without `sch_netem` (this machine's answers "Specified qdisc kind is unknown").
///
/// Each direction is a FIFO: a packet read from one device is dropped with probability `loss` (seeded, so runs
/// repeat), else it leaves the queue at the link's rate after the packets before it (serialization of its IP
/// bytes at `bitsPerSecond`) and arrives `delay` later on the other device. A queue holding `queueLimit` packets
/// drops the next one, as netem's default limit of 1,000 does. `shaping = false` passes packets straight
/// through (for counting bytes quickly). Counters are per direction, of the bytes offered to the link, so they
/// include every retransmission and every dropped packet.
///
/// `@unchecked Sendable`: the queues and counters are guarded by each direction's `condition`; the descriptors
/// are written once, before the threads start.
final class EmulatedLink: @unchecked Sendable {
    struct Shape: Sendable {
        var delay: Double = 0.150
        var loss: Double = 0.01
        var bitsPerSecond: Double = 1_000_000
        var queueLimit = 1_000
    }

    /// What one direction has carried.
    struct Counters: Sendable {
        var bytes = 0
        var packets = 0
        var dropped = 0
    }

    /// One direction: packets read from `source`, written to `destination` when due.
    private final class Direction: @unchecked Sendable {
        let source: Int32
        let destination: Int32
        let condition = NSCondition()
        var queue: [(due: Double, packet: [UInt8])] = []
        var head = 0
        var lastDeparture = 0.0
        var counters = Counters()
        var random: SplitMix64

        init(source: Int32, destination: Int32, seed: UInt64) {
            self.source = source
            self.destination = destination
            random = SplitMix64(state: seed)
        }
    }

    let serverDevice: String
    let clientDevice: String
    private let serverFD: Int32
    private let clientFD: Int32
    private let toClient: Direction
    private let toServer: Direction
    private let lock = NSLock()
    private var stopped = false
    private var shapeValue: Shape
    private var shapingValue = true

    /// Opens two TUN devices in this namespace (to be moved into others with `ip link set DEV netns NS`) and starts
    /// relaying between them.
    init(serverDevice: String, clientDevice: String, shape: Shape = Shape()) throws {
        self.serverDevice = serverDevice
        self.clientDevice = clientDevice
        shapeValue = shape
        serverFD = try Self.openTUN(serverDevice)
        clientFD = try Self.openTUN(clientDevice)
        toClient = Direction(source: serverFD, destination: clientFD, seed: 0x5eed_0001)
        toServer = Direction(source: clientFD, destination: serverFD, seed: 0x5eed_0002)
        for direction in [toClient, toServer] {
            Thread.detachNewThread { self.readLoop(direction) }
            Thread.detachNewThread { self.writeLoop(direction) }
        }
    }

    deinit { stop() }

    /// Whether packets are delayed, dropped and rate-limited (else passed straight through).
    var shaping: Bool {
        get { lock.withLock { shapingValue } }
        set { lock.withLock { shapingValue = newValue } }
    }

    /// Bytes, packets and drops from the server's side toward the client, and back.
    var counters: (toClient: Counters, toServer: Counters) {
        (toClient.condition.withLock { toClient.counters }, toServer.condition.withLock { toServer.counters })
    }

    /// Stops relaying and closes both devices (which removes them).
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        for direction in [toClient, toServer] { direction.condition.withLock { direction.condition.broadcast() } }
        // The loops poll with a timeout and see `stopped`; give them a moment before the descriptors go.
        Thread.sleep(forTimeInterval: 0.3)
        close(serverFD)
        close(clientFD)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func readLoop(_ direction: Direction) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var poller = pollfd(fd: direction.source, events: Int16(POLLIN), revents: 0)
        while !isStopped {
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = read(direction.source, &buffer, buffer.count)
            guard count > 0 else {
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                return
            }
            let (shape, shaping) = lock.withLock { (shapeValue, shapingValue) }
            let arrived = Self.now()
            direction.condition.withLock {
                direction.counters.bytes += count
                direction.counters.packets += 1
                if shaping {
                    let queued = direction.queue.count - direction.head
                    if queued >= shape.queueLimit || Double.random(in: 0..<1, using: &direction.random) < shape.loss {
                        direction.counters.dropped += 1
                        return
                    }
                    let departure =
                        max(arrived, direction.lastDeparture) + Double(count * 8) / shape.bitsPerSecond
                    direction.lastDeparture = departure
                    direction.queue.append((departure + shape.delay, Array(buffer[0..<count])))
                } else {
                    direction.queue.append((arrived, Array(buffer[0..<count])))
                }
                direction.condition.broadcast()
            }
        }
    }

    private func writeLoop(_ direction: Direction) {
        while true {
            direction.condition.lock()
            var packet: [UInt8]?
            while packet == nil {
                if isStopped {
                    direction.condition.unlock()
                    return
                }
                if direction.head < direction.queue.count {
                    let due = direction.queue[direction.head].due
                    let wait = due - Self.now()
                    if wait <= 0 {
                        packet = direction.queue[direction.head].packet
                        direction.head += 1
                        if direction.head > 4_096 {
                            direction.queue.removeFirst(direction.head)
                            direction.head = 0
                        }
                    } else {
                        _ = direction.condition.wait(until: Date().addingTimeInterval(wait))
                    }
                } else {
                    _ = direction.condition.wait(until: Date().addingTimeInterval(0.1))
                }
            }
            direction.condition.unlock()
            if let packet { _ = packet.withUnsafeBytes { write(direction.destination, $0.baseAddress, $0.count) } }
        }
    }

    /// A TUN device (IP packets, no packet-information header) named `name`, open for reading and writing.
    private static func openTUN(_ name: String) throws -> Int32 {
        let fd = open("/dev/net/tun", O_RDWR)
        guard fd >= 0 else { throw BenchError("cannot open /dev/net/tun: \(String(cString: strerror(errno)))") }
        // struct ifreq: the name (16 bytes), then ifr_flags; 40 bytes in all.
        var request = [UInt8](repeating: 0, count: 40)
        for (index, byte) in name.utf8.prefix(15).enumerated() { request[index] = byte }
        let flags: UInt16 = 0x0001 | 0x1000  // IFF_TUN | IFF_NO_PI
        request[16] = UInt8(flags & 0xff)
        request[17] = UInt8(flags >> 8)
        let tunSetIFF: UInt = 0x4004_54ca  // _IOW('T', 202, int)
        let status = request.withUnsafeMutableBytes { ioctl(fd, tunSetIFF, $0.baseAddress!) }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw BenchError("cannot make TUN device \(name): \(reason)")
        }
        return fd
    }
}
