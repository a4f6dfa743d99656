import AdminTestSupport
import Foundation
import Synchronization
import Testing

@testable import AdminCore

/// A host runtime's controller that records the commands it receives and can refuse them.
final class RecordingController: InvocationController {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "the runtime is draining" }
    }

    let received = Mutex<[(InvocationCommand, InvocationID, InvocationRecord?)]>([])
    let refuses: Bool

    init(refuses: Bool = false) { self.refuses = refuses }

    func execute(_ command: InvocationCommand, invocation: InvocationID, record: InvocationRecord?) async throws {
        received.withLock { $0.append((command, invocation, record)) }
        if refuses { throw Refusal() }
    }

    var commands: [InvocationCommand] { received.withLock { $0.map(\.0) } }
}

/// Invocation commands reach the host runtime exactly once when Restate's preconditions allow
/// them, never otherwise, and the stored record changes only after the runtime took them.
@Suite("Invocation controller", .capturingLogs)
struct InvocationControllerTests {
    static let id = InvocationID(partitionKey: 7, invocationUUID: 99)

    static func record(_ status: InvocationStatus, pinned: DeploymentID? = nil) -> InvocationRecord {
        InvocationRecord(
            id: id, target: "Counter/key/add", serviceType: .virtualObject, status: status, pinnedDeployment: pinned,
            pinnedProtocolVersion: 6, journalLength: 3
        )
    }

    static func service(_ controller: RecordingController, storage: InMemoryStorage = InMemoryStorage()) -> AdminService {
        AdminService(storage: storage, discovery: StubDiscoveryClient(), invocations: controller, logger: TestLogging.logger())
    }

    struct Case: Sendable, CustomStringConvertible {
        let operation: InvocationRules.Operation
        let status: InvocationStatus
        var description: String { "\(operation) on \(status)" }
    }

    static let cases = InvocationRules.Operation.allCases.flatMap { operation in
        InvocationStatus.allCases.map { Case(operation: operation, status: $0) }
    }

    @Test("Forwarded once when the rules allow it, never when they refuse it", arguments: cases)
    func forwardedOnlyWhenAllowed(_ scenario: Case) async throws {
        let controller = RecordingController()
        let admin = Self.service(controller)
        let before = Self.record(scenario.status)
        try await admin.recordInvocation(before)
        let decided = Result { () throws(AdminError) in try InvocationRules.decide(scenario.operation, record: before) }
        let result = await Result { try await admin.operate(scenario.operation, on: Self.id) }
        switch decided {
        case .success(let (outcome, effect)):
            #expect((try? result.get()) == outcome)
            #expect(controller.commands.count == 1, "forwarded exactly once")
            #expect(controller.commands.first?.description == scenario.operation.rawValue)
            #expect(controller.received.withLock { $0.first?.2 } == before, "the controller sees the record the rules judged")
            let after = try await admin.invocation(Self.id)
            switch effect {
            case .none: #expect(after == before)
            case .put(let updated): #expect(after == updated)
            case .remove: #expect(after == nil)
            }
        case .failure(let refusal):
            #expect(throws: AdminError.self) { try result.get() }
            #expect((result.failureValue as? AdminError)?.kind == refusal.kind)
            #expect(controller.commands.isEmpty, "a refused command is not forwarded")
            #expect(try await admin.invocation(Self.id) == before)
        }
    }

    @Test("A controller that refuses changes nothing and answers Restate's routing failure")
    func refusalChangesNothing() async throws {
        let controller = RecordingController(refuses: true)
        let admin = Self.service(controller)
        let before = Self.record(.scheduled)
        try await admin.recordInvocation(before)
        let error = await #expect(throws: AdminError.self) { try await admin.operate(.kill, on: Self.id) }
        #expect(error?.kind == .unavailable)
        #expect(error?.message == "Error when routing the request internally. Reason: the runtime is draining")
        #expect(controller.commands == [.kill])
        #expect(try await admin.invocation(Self.id) == before)
    }

    @Test("Restart-as-new: forwarded once with the new id and deployment; the new record only after acceptance")
    func restartAsNew() async throws {
        let harness = RegistryHarness()
        let outcome = try await harness.register("http://h:9080/", [RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
        let controller = RecordingController()
        let admin = Self.service(controller, storage: harness.storage as! InMemoryStorage)
        try await admin.recordInvocation(Self.record(.completed, pinned: outcome.deployment.id))
        let newID = try await admin.restartAsNew(Self.id, from: 0, deployment: .latest)
        #expect(controller.commands == [.restartAsNew(newID: newID, from: 0, deployment: outcome.deployment.id)])
        #expect(try await admin.invocation(newID)?.status == .inboxed)

        let refusing = RecordingController(refuses: true)
        let refused = Self.service(refusing, storage: harness.storage as! InMemoryStorage)
        await #expect(throws: AdminError.self) { try await refused.restartAsNew(Self.id, from: 0, deployment: .latest) }
        guard case .restartAsNew(let attempted, _, _)? = refusing.commands.first else {
            Issue.record("the command was not forwarded")
            return
        }
        #expect(try await refused.invocation(attempted) == nil, "no record for a restart the runtime refused")
    }

    @Test("The deprecated DELETE forwards without a precondition, also for an unknown invocation")
    func deprecatedDelete() async throws {
        let controller = RecordingController()
        let admin = Self.service(controller)
        try await admin.terminate(Self.id, with: .purge)
        #expect(controller.commands == [.purge])
        #expect(controller.received.withLock { $0.first?.2 } == nil)
        let failing = Self.service(RecordingController(refuses: true))
        let error = await #expect(throws: AdminError.self) { try await failing.terminate(Self.id, with: .kill) }
        #expect(error?.message == "Internal server error: Failed sending invocation termination command to the cluster.")
    }

    @Test("The host's record calls: record, pin, complete")
    func hostRecordCalls() async throws {
        let admin = Self.service(RecordingController())
        try await admin.recordInvocation(Self.record(.invoked))
        let deployment = DeploymentID.generate()
        try await admin.pinInvocation(Self.id, to: deployment, protocolVersion: 5)
        try await admin.completeInvocation(Self.id)
        let stored = try #require(try await admin.invocation(Self.id))
        #expect(stored.pinnedDeployment == deployment && stored.pinnedProtocolVersion == 5 && stored.status == .completed)
        await #expect(throws: AdminError.self) { try await admin.completeInvocation(InvocationID(partitionKey: 1, invocationUUID: 1)) }
    }
}

extension Result {
    /// Runs an async throwing body into a result.
    init(catching body: () async throws -> Success) async where Failure == any Error {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }

    /// The error, if any.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
