import Foundation
import Synchronization

/// What streams of registrations against one node got back: the deployments acknowledged
/// (201), the 503 answers, and anything else. Streams run until ``finish()``.
final class RegistrationTally: Sendable {
    /// A registration answered 201: the address registered and the deployment's id.
    struct Acknowledged: Sendable {
        let uri: String
        let id: String
    }

    private struct State {
        var acknowledged: [Acknowledged] = []
        var unavailable = 0
        var unexpected: [String] = []
        var inFlight = 0
        var finished = false
        var nodeKilled = false
    }

    private let state = Mutex(State())

    /// The registrations acknowledged so far, in the order their answers arrived.
    var acknowledged: [Acknowledged] { state.withLock { $0.acknowledged } }
    /// How many registrations were answered 503.
    var unavailable: Int { state.withLock { $0.unavailable } }
    /// Answers other than 201 and 503, and transport errors while the node was meant to be up.
    var unexpected: [String] { state.withLock { $0.unexpected } }
    /// How many registrations have been sent and not answered yet.
    var inFlight: Int { state.withLock { $0.inFlight } }

    /// Ends every stream after its current registration.
    func finish() { state.withLock { $0.finished = true } }

    /// Says the node is about to be killed: from now on a transport error ends its stream
    /// instead of counting as unexpected.
    func nodeWillBeKilled() { state.withLock { $0.nodeKilled = true } }

    /// Registers `<prefix>/1`, `<prefix>/2`, … on the node at `node` one after the other until
    /// ``finish()`` (at most `limit` of them); after a 503 it pauses 20 ms.
    func register(on node: String, prefix: String, client: NodeClient, limit: Int = 1_000) async {
        for index in 1...limit {
            let uri = "\(prefix)/\(index)"
            let stop = state.withLock { state in
                if !state.finished { state.inFlight += 1 }
                return state.finished
            }
            if stop { return }
            let outcome: Result<NodeClient.Answer, any Error>
            do { outcome = .success(try await client.register(on: node, uri: uri)) } catch { outcome = .failure(error) }
            let pause = state.withLock { state -> Bool in
                state.inFlight -= 1
                switch outcome {
                case .success(let answer) where answer.status == 201:
                    if let id = try? answer.decode(AdminAnswers.Deployment.self).id {
                        state.acknowledged.append(Acknowledged(uri: uri, id: id))
                    } else {
                        state.unexpected.append("\(uri): 201 without an id: \(answer)")
                    }
                case .success(let answer) where answer.status == 503:
                    state.unavailable += 1
                    return true
                case .success(let answer):
                    state.unexpected.append("\(uri): \(answer)")
                case .failure(let error):
                    if state.nodeKilled {
                        state.finished = true
                    } else {
                        state.unexpected.append("\(uri): \(error)")
                    }
                }
                return false
            }
            if pause { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// Waits until `condition` holds (polling every 10 ms), at most `timeout`.
    /// - Throws: ``NodeTestFailure`` naming `what` when it does not hold in time.
    static func wait(
        _ what: String, timeout: Duration, until condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw NodeTestFailure("waited \(timeout) in vain for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
