import AdminCore
import AdminTestSupport
import Foundation
import Synchronization
import Testing

/// Replays one versioning scenario (VERSIONING.md §13) in-process through ``AdminService`` with a
/// stub discovery client, checking every `expect` and `expect_derived` key after each step.
struct ScenarioRunner {
    typealias Object = [String: Any]

    let name: String
    let storage: any Storage
    let discovery = StubDiscoveryClient()
    var service: AdminService
    var labels: [String: DeploymentID] = [:]
    private let ticks = TickSource()

    init(scenario: Object, storage: any Storage) throws {
        name = scenario["name"] as? String ?? "?"
        self.storage = storage
        let ticks = self.ticks
        service = AdminService(
            storage: storage, discovery: discovery, configuration: try Self.configuration(scenario["config"] as? Object ?? [:]),
            logger: TestLogging.logger(), clock: { ticks.next() }, makeID: { ticks.nextID() }
        )
    }

    static func configuration(_ config: Object) throws -> AdminConfiguration {
        var result = AdminConfiguration()
        result.deploymentRoutingHeaders = config["deployment_routing_headers"] as? [String] ?? []
        if let ms = (config["default_journal_retention_ms"] as? NSNumber)?.uint64Value { result.defaultJournalRetention = .milliseconds(ms) }
        result.maxJournalRetention = (config["max_journal_retention_ms"] as? NSNumber).map { .milliseconds($0.uint64Value) }
        if let ms = (config["invoker_inactivity_timeout_ms"] as? NSNumber)?.uint64Value { result.inactivityTimeout = .milliseconds(ms) }
        if let ms = (config["invoker_abort_timeout_ms"] as? NSNumber)?.uint64Value { result.abortTimeout = .milliseconds(ms) }
        return result
    }

    mutating func run(_ steps: [Object]) async throws {
        for (index, step) in steps.enumerated() {
            let context = "\(name) step \(index + 1) (\(step["op"] as? String ?? "?"))"
            let before = try await storage.schemaVersion()
            let snapshot = try await storage.read { try $0.allDeployments() }
            var outcome: StepOutcome
            do {
                outcome = try await perform(step)
            } catch let error as AdminError {
                outcome = .failure(error)
            }
            let after = try await storage.schemaVersion()
            if case .failure = outcome {
                #expect(after == before, "\(context): a failed step changed the schema version")
                let now = try await storage.read { try $0.allDeployments() }
                #expect(now == snapshot, "\(context): a failed step changed the stored deployments")
            }
            for key in ["expect", "expect_derived"] {
                if let expect = step[key] as? Object {
                    try await check(expect, outcome: outcome, versionBefore: before, versionAfter: after, context: "\(context) [\(key)]")
                }
            }
        }
    }

    enum StepOutcome {
        case registered(RegistrationOutcome)
        case updated(Deployment)
        case done
        case failure(AdminError)
    }

    private mutating func perform(_ step: Object) async throws -> StepOutcome {
        switch step["op"] as? String {
        case "register":
            let address = try requestedAddress(step)
            let headers = try AdditionalHeaders(validating: step["headers"] as? [String: String] ?? [:])
            try install(step, for: address)
            let internalFlags = step["internal"] as? Object ?? [:]
            let flags = step["flags"] as? Object ?? [:]
            let request = RegistrationRequest(
                address: address, additionalHeaders: headers,
                allowBreaking: internalFlags["allow_breaking_changes"] as? Bool == true ? .yes : .no,
                overwrite: internalFlags["overwrite"] as? Bool == true ? .yes : .no,
                mode: flags["dry_run"] as? Bool == true ? .dryRun : .apply
            )
            let outcome = try await service.registerDeployment(request)
            if let label = step["label"] as? String, labels[label] == nil, request.mode == .apply {
                labels[label] = outcome.deployment.id
            }
            return .registered(outcome)
        case "update":
            let id = try deploymentRef(step)
            let flags = step["flags"] as? Object ?? [:]
            var update: AddressUpdate?
            if let uri = step["uri"] as? String {
                let http11 = step["http_version_of_discovery_response"] as? String == "HTTP/1.1"
                update = .http(uri: try DeploymentURI(parsing: uri), useHTTP11: http11)
                try install(step, for: .http(try DeploymentURI(parsing: uri), useHTTP11: http11))
            } else if let arn = step["arn"] as? String {
                update = .lambda(arn: try LambdaARN(parsing: arn), assumeRoleARN: nil)
                try install(step, for: .lambda(try LambdaARN(parsing: arn), assumeRoleARN: nil))
            } else if let current = try await storage.deployment(id) {
                try install(step, for: SchemaUpdater.currentRequestedAddress(current))
            }
            let request = UpdateRequest(
                id: id, address: update, additionalHeaders: try (step["headers"] as? [String: String]).map(AdditionalHeaders.init(validating:)),
                overwrite: flags["overwrite"] as? Bool == true ? .yes : .no,
                mode: flags["dry_run"] as? Bool == true ? .dryRun : .apply
            )
            return .updated(try await service.updateDeployment(request))
        case "delete":
            try await service.removeDeployment(try deploymentRef(step))
            return .done
        case "modify_service":
            let changes = step["changes"] as? Object ?? [:]
            func duration(_ key: String) -> RestateDuration? { (changes[key] as? NSNumber).map { .milliseconds($0.uint64Value) } }
            _ = try await service.modifyService(
                step["service"] as? String ?? "",
                changes: ServiceChanges(
                    isPublic: changes["public"] as? Bool, idempotencyRetention: duration("idempotency_retention_ms"),
                    journalRetention: duration("journal_retention_ms"),
                    workflowCompletionRetention: duration("workflow_completion_retention_ms"),
                    inactivityTimeout: duration("inactivity_timeout_ms"), abortTimeout: duration("abort_timeout_ms")
                ))
            return .done
        case "set_config":
            let ticks = self.ticks
            service = AdminService(
                storage: storage, discovery: discovery, configuration: try Self.configuration(step["config"] as? Object ?? [:]),
                logger: TestLogging.logger(), clock: { ticks.next() }, makeID: { ticks.nextID() }
            )
            return .done
        default:
            throw FixtureError(message: "unknown op \(step["op"] ?? "nil")")
        }
    }

    private func requestedAddress(_ step: Object) throws -> RequestedAddress {
        if let arn = step["arn"] as? String { return .lambda(try LambdaARN(parsing: arn), assumeRoleARN: nil) }
        let http11 = step["http_version_of_discovery_response"] as? String == "HTTP/1.1"
        return .http(try DeploymentURI(parsing: step["uri"] as? String ?? ""), useHTTP11: http11)
    }

    private func install(_ step: Object, for address: RequestedAddress) throws {
        guard let manifest = step["manifest"] else { return }
        let body = try JSONSerialization.data(withJSONObject: manifest)
        let transport: DiscoveryTransport
        switch (address, step["http_version_of_discovery_response"] as? String) {
        case (.lambda, _): transport = .lambda
        case (_, "HTTP/1.1"): transport = .http(.http11)
        case (_, "HTTP/1.0"): transport = .http(.http10)
        default: transport = .http(.http2)
        }
        discovery.respond(to: address, with: .init(body: body, transport: transport))
    }

    private func deploymentRef(_ step: Object) throws -> DeploymentID {
        let ref = step["deployment_ref"] as? String ?? ""
        if let id = labels[ref] { return id }
        if ref == "<unknown-deployment-id>" { return ticks.nextID() }
        throw FixtureError(message: "\(name): unknown deployment label \(ref)")
    }

    func label(of id: DeploymentID) -> String? { labels.first { $0.value == id }?.key }
}

/// Monotonic time and ids, so that "newest" is well defined in scenarios.
final class TickSource: Sendable {
    private let counter = Counter()
    func next() -> Int64 { 1_736_272_000_000 + counter.increment() }
    func nextID() -> DeploymentID {
        DeploymentID(ulid: ULID(timestampMilliseconds: UInt64(next()), random: UInt128(counter.increment())))
    }
}

final class Counter: Sendable {
    private let value = Mutex<Int64>(0)
    func increment() -> Int64 {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
