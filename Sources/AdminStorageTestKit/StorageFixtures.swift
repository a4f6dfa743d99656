import AdminCore
import Foundation

/// Deterministic records for storage tests: the same index always gives the same record (apart
/// from the id you pass), so a test or a child process can rebuild what it expects to read.
public enum StorageFixtures {
    /// The services every ``deployment(index:id:services:revision:host:)`` serves by default.
    public static let services = ["Greeter", "Counter", "Checkout"]

    /// A fully populated HTTP deployment (every optional field set, handlers of every type).
    public static func deployment(
        index: Int, id: DeploymentID = .generate(), services: [String] = services, revision: UInt32 = 1, host: String? = nil
    ) -> Deployment {
        let uri = try! DeploymentURI(parsing: "http://\(host ?? "host-\(index).example"):9080/restate?i=\(index)")
        var revisions: [String: ServiceRevision] = [:]
        for (offset, name) in services.enumerated() {
            revisions[name] = serviceRevision(name: name, revision: revision, variant: index + offset)
        }
        return Deployment(
            id: id,
            address: .http(uri: uri, protocolType: index.isMultiple(of: 2) ? .bidiStream : .requestResponse, httpVersion: .http2),
            additionalHeaders: ["x-routing": "r\(index % 7)", "authorization": "Bearer t\(index)"],
            metadata: ["team": "t\(index % 3)", "index": "\(index)"],
            createdAtMilliseconds: 1_700_000_000_000 + Int64(index),
            minProtocolVersion: 1,
            maxProtocolVersion: Int32(1 + index % 5),
            sdkVersion: "restate-sdk-swift/\(index)",
            services: revisions
        )
    }

    /// A Lambda deployment serving `services`.
    public static func lambdaDeployment(index: Int, id: DeploymentID = .generate(), services: [String] = ["Lambda\(0)"]) -> Deployment {
        let arn = try! LambdaARN(parsing: "arn:aws:lambda:eu-central-1:123456789012:function:fn\(index):\(index)")
        var revisions: [String: ServiceRevision] = [:]
        for name in services { revisions[name] = serviceRevision(name: name, revision: 1, variant: index) }
        return Deployment(
            id: id, address: .lambda(arn: arn, assumeRoleARN: "arn:aws:iam::123456789012:role/r\(index)", compression: .zstd),
            createdAtMilliseconds: 1_700_000_000_000 + Int64(index), minProtocolVersion: 2, maxProtocolVersion: 4,
            services: revisions
        )
    }

    /// A small deployment (one service, one handler) for large registries.
    public static func smallDeployment(index: Int, id: DeploymentID = .generate(), service: String, revision: UInt32) -> Deployment {
        let uri = try! DeploymentURI(parsing: "http://small-\(index).example:9080/")
        let handler = Handler(name: "run")
        let revision = ServiceRevision(name: service, ty: .service, revision: revision, handlers: ["run": handler])
        return Deployment(
            id: id, address: .http(uri: uri, protocolType: .bidiStream, httpVersion: .http2),
            createdAtMilliseconds: 1_700_000_000_000 + Int64(index), minProtocolVersion: 1, maxProtocolVersion: 5,
            services: [service: revision]
        )
    }

    /// A lean deployment of the 3 ``services`` (one handler each), as a large registry holds them.
    public static func registryDeployment(index: Int, id: DeploymentID = .generate(), revision: UInt32, host: String? = nil) -> Deployment {
        let uri = try! DeploymentURI(parsing: "http://\(host ?? "registry-\(index).example"):9080/")
        var revisions: [String: ServiceRevision] = [:]
        for name in services {
            revisions[name] = ServiceRevision(
                name: name, ty: .virtualObject, revision: revision,
                handlers: ["run": Handler(name: "run", ty: .exclusive)], idempotencyRetention: .milliseconds(86_400_000)
            )
        }
        return Deployment(
            id: id, address: .http(uri: uri, protocolType: .bidiStream, httpVersion: .http2),
            createdAtMilliseconds: 1_700_000_000_000 + Int64(index), minProtocolVersion: 1, maxProtocolVersion: 5,
            sdkVersion: "restate-sdk-swift/\(index)", services: revisions
        )
    }

    /// A service revision with handlers of every kind and every optional field set.
    public static func serviceRevision(name: String, revision: UInt32, variant: Int = 0) -> ServiceRevision {
        let type: ServiceType = [.service, .virtualObject, .workflow][variant % 3]
        var handlers: [String: Handler] = [:]
        let handlerTypes: [HandlerType?]
        switch type {
        case .service: handlerTypes = [nil, nil]
        case .virtualObject: handlerTypes = [.exclusive, .shared]
        case .workflow: handlerTypes = [.workflow, .shared]
        }
        for (offset, handlerType) in handlerTypes.enumerated() {
            let handlerName = "handler\(offset)"
            handlers[handlerName] = Handler(
                name: handlerName, ty: handlerType, explicitPublic: offset == 0 ? nil : false,
                documentation: "Handler \(offset) of \(name)", metadata: ["k": "v\(variant)"],
                idempotencyRetention: .milliseconds(1_000 * UInt64(offset + 1)),
                journalRetention: .milliseconds(60_000), inactivityTimeout: .milliseconds(30_000),
                abortTimeout: .milliseconds(90_000), enableLazyState: offset == 1,
                retryPolicy: RetryPolicyOverrides(
                    initialInterval: .milliseconds(250), maxAttempts: 7, exponentiationFactor: 1.5, onMaxAttempts: .kill),
                input: InputPayload(required: true, contentType: "application/json", jsonSchema: .object(["type": .string("object")])),
                output: OutputPayload(contentType: "application/json", setContentTypeIfEmpty: false, jsonSchema: .object(["n": .int(Int64(variant))]))
            )
        }
        return ServiceRevision(
            name: name, ty: type, revision: revision, handlers: handlers, documentation: "The \(name) service",
            metadata: ["owner": "team-\(variant % 4)"], isPublic: !variant.isMultiple(of: 5),
            idempotencyRetention: .milliseconds(86_400_000),
            workflowCompletionRetention: type == .workflow ? .milliseconds(86_400_000) : nil,
            journalRetention: .milliseconds(3_600_000), inactivityTimeout: .milliseconds(60_000),
            abortTimeout: .milliseconds(600_000), enableLazyState: variant.isMultiple(of: 2),
            retryPolicy: RetryPolicyOverrides(maxInterval: .milliseconds(10_000), onMaxAttempts: .pause)
        )
    }

    /// A subscription from a Kafka topic to a handler.
    public static func subscription(index: Int, id: SubscriptionID = .generate()) -> Subscription {
        Subscription(
            id: id, source: "kafka://my-cluster/topic-\(index)", sink: "service://Greeter/handler\(index % 2)",
            options: ["group.id": "g\(index)", "client.id": "restate", "auto.offset.reset": "earliest"]
        )
    }

    /// An invocation record whose id is derived from `index`, pinned to `pinnedTo` when given.
    public static func invocation(index: Int, status: InvocationStatus = .invoked, pinnedTo: DeploymentID? = nil) -> InvocationRecord {
        InvocationRecord(
            id: InvocationID(partitionKey: UInt64(index) &* 2_654_435_761, invocationUUID: UInt128(index) &* 0x9E37_79B9_7F4A_7C15 + 1),
            target: "Counter/key-\(index)/handler0", serviceType: .virtualObject, status: status,
            pinnedDeployment: pinnedTo, pinnedProtocolVersion: Int32(index % 5), journalLength: UInt32(index),
            createdAtMilliseconds: 1_700_000_000_000 + Int64(index)
        )
    }

    /// Invocation records in every status pinned to `first`, two unpinned ones, and a suspended one
    /// pinned to `second`: `StorageReader.pinnedInvocationCount(_:)` answers
    /// `InvocationStatus.allCases.count - 1` for `first` (the completed one holds nothing) and 1 for
    /// `second`.
    public static func pinnedInvocationMix(first: DeploymentID, second: DeploymentID) -> [InvocationRecord] {
        InvocationStatus.allCases.enumerated().map { invocation(index: $0.offset + 1, status: $0.element, pinnedTo: first) }
            + [invocation(index: 50, status: .invoked), invocation(index: 51, status: .paused)]
            + [invocation(index: 60, status: .suspended, pinnedTo: second)]
    }

    /// The state of one object, with empty and binary values.
    public static func state(index: Int) -> [String: [UInt8]] {
        ["count": Array("\(index)".utf8), "empty": [], "binary": [0, 255, 1, 254, UInt8(index % 256)]]
    }
}
