import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking TCP connection to 127.0.0.1 for tests that misbehave at the byte level (half a
/// request head, silence); each blocking call runs on a thread of its own.
struct RawConnection: Sendable {
    /// What a read saw.
    struct Reading: Sendable {
        /// The bytes received.
        var bytes: [UInt8]
        /// Whether the server closed the connection.
        var closed: Bool
        /// The text received.
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private let descriptor: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RawConnectionError.failed("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            closeDescriptor(fd)
            throw RawConnectionError.failed("connect", errno)
        }
        var interval = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        descriptor = fd
    }

    /// Sends `text`.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard sent == bytes.count else { throw RawConnectionError.failed("write", errno) }
    }

    /// Reads until the server closes the connection, `until` holds for what arrived, or `timeout`
    /// passes.
    func read(timeout: Duration, until done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> Reading {
        let descriptor = descriptor
        return await withCheckedContinuation { continuation in
            Thread {
                let clock = ContinuousClock()
                let end = clock.now + timeout
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while clock.now < end {
                    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count > 0 {
                        received += buffer[0..<count]
                        if done(received) { break }
                    } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        continuation.resume(returning: Reading(bytes: received, closed: true))
                        return
                    }
                }
                continuation.resume(returning: Reading(bytes: received, closed: false))
            }.start()
        }
    }

    /// Reads one whole response (head and `content-length` body).
    func readResponse(timeout: Duration = .seconds(5)) async -> Reading {
        await read(timeout: timeout) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { return false }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length =
                head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            return text[headEnd.upperBound...].utf8.count >= length
        }
    }

    /// Closes the connection.
    func close() {
        closeDescriptor(descriptor)
    }
}

/// Closes a socket.
private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #else
        _ = Darwin.close(descriptor)
    #endif
}

/// A failed socket call.
enum RawConnectionError: Error {
    /// The call and its `errno`.
    case failed(String, Int32)
}
