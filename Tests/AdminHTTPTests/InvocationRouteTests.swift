import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

@Suite(.capturingLogs)
struct InvocationRouteTests {
    static let id = InvocationID(partitionKey: 42, invocationUUID: 7)

    @Test func malformedAndUnknownIDs() async throws {
        try await Harness().run { client in
            let malformed = try await client.send(.patch, "/invocations/xyz/cancel")
            #expect(try malformed.status == 400 && malformed.message == "The request field 'invocation_id' is invalid. Reason: bad format")
            for operation in ["cancel", "kill", "purge", "purge-journal", "pause", "resume", "restart-as-new"] {
                let unknown = try await client.send(.patch, "/invocations/\(Self.id)/\(operation)")
                #expect(try unknown.status == 404 && unknown.message == "The requested invocation '\(Self.id)' does not exist")
            }
            #expect(try await client.send(.delete, "/invocations/\(Self.id)").status == 202)
            #expect(try await client.send(.delete, "/invocations/\(Self.id)?mode=kill").status == 202)
            #expect(try await client.send(.delete, "/invocations/\(Self.id)?mode=foo").status == 400)
            let badDeployment = try await client.send(.patch, "/invocations/\(Self.id)/resume?deployment=dp_x")
            #expect(try badDeployment.status == 400 && badDeployment.message.hasPrefix("The query parameter 'deployment' is invalid. Reason: "))
        }
    }

    /// `?deployment=` belongs to resume and restart-as-new only (BEHAVIOR.md §5.5): the other
    /// operations neither parse nor resolve it.
    @Test func deploymentParameterIsReadOnlyByResumeAndRestart() async throws {
        let harness = Harness()
        try await harness.service.recordInvocation(
            InvocationRecord(
                id: Self.id, target: "Counter/a/add", status: .invoked, pinnedProtocolVersion: 6, journalLength: 3
            ))
        try await harness.run { client in
            for operation in ["resume", "restart-as-new"] {
                let answer = try await client.send(.patch, "/invocations/\(Self.id)/\(operation)?deployment=bad")
                #expect(answer.status == 400, "\(operation)")
                #expect(try answer.message.hasPrefix("The query parameter 'deployment' is invalid. Reason: "), "\(operation)")
            }
            let cancel = try await client.send(.patch, "/invocations/\(Self.id)/cancel?deployment=bad")
            #expect(cancel.status == 202)
            #expect(try await client.send(.patch, "/invocations/\(Self.id)/pause?deployment=bad").status == 202)
            #expect(try await client.send(.patch, "/invocations/\(Self.id)/purge?deployment=bad").status == 409)
            #expect(try await client.send(.patch, "/invocations/\(Self.id)/kill?deployment=dp_nonexistent").status == 200)
        }
    }

    /// Expected status per (operation, stored status); `nil` = 404 after purge is not tested here.
    static let table: [(String, InvocationStatus, Int)] = [
        ("cancel", .scheduled, 200), ("cancel", .inboxed, 200), ("cancel", .invoked, 202), ("cancel", .suspended, 202),
        ("cancel", .paused, 202), ("cancel", .completed, 409),
        ("kill", .scheduled, 200), ("kill", .invoked, 200), ("kill", .paused, 200), ("kill", .completed, 409),
        ("purge", .completed, 200), ("purge", .invoked, 409), ("purge", .inboxed, 409),
        ("purge-journal", .completed, 200), ("purge-journal", .suspended, 409),
        ("pause", .invoked, 202), ("pause", .paused, 200), ("pause", .suspended, 200), ("pause", .completed, 409),
        ("pause", .scheduled, 409), ("pause", .inboxed, 409),
        ("resume", .invoked, 200), ("resume", .suspended, 200), ("resume", .paused, 200), ("resume", .inboxed, 425),
        ("resume", .scheduled, 425), ("resume", .completed, 409),
        ("restart-as-new", .completed, 200), ("restart-as-new", .invoked, 409), ("restart-as-new", .inboxed, 425),
    ]

    @Test(arguments: table.indices)
    func operationOutcomes(_ index: Int) async throws {
        let (operation, status, expected) = Self.table[index]
        let harness = Harness()
        try await harness.service.recordInvocation(
            InvocationRecord(
                id: Self.id, target: "Counter/a/add", status: status, pinnedProtocolVersion: 6, journalLength: 3
            ))
        try await harness.run { client in
            // Restart-as-new moves the invocation to the latest deployment of its service.
            if operation == "restart-as-new" {
                _ = try await harness.register(
                    client, "http://localhost:9080", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
            }
            let answer = try await client.send(.patch, "/invocations/\(Self.id)/\(operation)")
            #expect(answer.status == expected, "\(operation) on \(status)")
            if expected >= 400 { #expect(try answer.isJSON && answer.hasCodeKey) }
            if operation == "restart-as-new", expected == 200 {
                #expect(try (answer.json["new_invocation_id"] as? String)?.hasPrefix("inv_1") == true)
            }
        }
    }

    /// Restart-as-new needs a deployment to move to: none registered for the service is a 400.
    @Test func restartWithoutADeploymentIsRejected() async throws {
        let harness = Harness()
        try await harness.service.recordInvocation(
            InvocationRecord(
                id: Self.id, target: "Counter/a/add", status: .completed, pinnedProtocolVersion: 6, journalLength: 3
            ))
        try await harness.run { client in
            let answer = try await client.send(.patch, "/invocations/\(Self.id)/restart-as-new")
            #expect(answer.status == 400)
            #expect(try answer.message == "The given deployment was not found when trying to restart the invocation '\(Self.id)'.")
        }
    }
}
