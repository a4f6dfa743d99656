import AdminCore
import NIOHTTP1

/// The bound on a discovery response body (``HTTPDiscoveryClient/Configuration/maxResponseSize``):
/// checked against the `content-length` when the head arrives, and against the bytes received as
/// each chunk arrives, so a larger body is refused before it is buffered.
enum DiscoveryResponseLimit {
    /// Refuses a response whose `content-length` announces more than `limit`.
    static func check(announced headers: HTTPHeaders, limit: ByteSize) throws(DiscoveryAttemptError) {
        guard let length = headers.first(name: "content-length").flatMap({ Int($0) }), length > limit.bytes else { return }
        throw .tooLarge(
            "the response body is larger than the \(limit) limit on discovery responses: its content-length is \(length) bytes"
        )
    }

    /// Refuses a body once `received` bytes of it exceed `limit`.
    static func check(received: Int, limit: ByteSize) throws(DiscoveryAttemptError) {
        guard received > limit.bytes else { return }
        throw .tooLarge(
            "the response body is larger than the \(limit) limit on discovery responses: more than \(limit.bytes) bytes arrived"
        )
    }
}
