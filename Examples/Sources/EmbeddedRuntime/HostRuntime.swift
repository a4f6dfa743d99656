import AdminCore
import Synchronization

/// The host runtime's side of the invocation commands: the Admin API's cancel, kill, pause,
/// resume, purge and restart reach ``execute(_:invocation:record:)`` once Restate's preconditions
/// allowed them. A real runtime would act on its invocation here; this one records and prints
/// what it was asked, and accepts it (throwing would refuse it, and the admin would change nothing).
final class HostRuntime: InvocationController {
    private let received = Mutex<[String]>([])

    func execute(_ command: InvocationCommand, invocation: InvocationID, record: InvocationRecord?) async throws {
        let target = record?.target ?? "unknown target"
        print("runtime: \(command) \(invocation) (\(target))")
        received.withLock { $0.append(command.description) }
    }

    /// The names of the commands received, in order.
    var commands: [String] { received.withLock { $0 } }
}
