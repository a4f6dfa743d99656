import NIOCore
import Synchronization

/// Closes the channel of the current discovery GET when the discovery is cancelled (deadline) or
/// the attempt is done.
final class ChannelCloser: Sendable {
    private struct State {
        var channel: (any Channel)?
        var closed = false
    }

    private let state = Mutex(State())

    init() {}

    /// Registers the attempt's channel; closes it at once when already cancelled.
    func register(_ channel: any Channel) {
        let closeNow = state.withLock { state -> Bool in
            state.channel = channel
            return state.closed
        }
        if closeNow { channel.close(promise: nil) }
    }

    /// Forgets the channel of a finished attempt (closing it) so the next attempt can register.
    func close() {
        let channel = state.withLock { state -> (any Channel)? in
            defer { state.channel = nil }
            return state.channel
        }
        channel?.close(promise: nil)
    }

    /// Closes the current channel and every channel registered afterwards.
    func cancel() {
        let channel = state.withLock { state -> (any Channel)? in
            state.closed = true
            return state.channel
        }
        channel?.close(promise: nil)
    }
}
