import AdminCore
import Foundation
import Testing

/// `CompatibilityCheck`: the registration rules applied offline to a pair of manifests.
struct CompatibilityCheckTests {
    /// What a scenario expects.
    enum Expectation: Sendable {
        /// Compatible, with exactly these compatible changes.
        case compatible(CompatibilityReport)
        /// Breaking, with exactly these violations (and these compatible changes).
        case breaking([BreakingChange], CompatibilityReport = CompatibilityReport(breakingChanges: []))
        /// Refused: `side` ("old" or "new") fails first, with `code` (nil: uncoded) and a message
        /// containing `message`.
        case invalid(side: String, code: String?, message: String)
    }

    /// One pair of manifests and the expected outcome.
    struct Scenario: Sendable, CustomTestStringConvertible {
        /// What the pair shows (the test case's name).
        let name: String
        /// The manifest registered first (JSON text).
        let old: String
        /// The manifest registered second (JSON text).
        let new: String
        /// The expected outcome.
        let expect: Expectation
        /// The name, shown for the test case.
        var testDescription: String { name }
    }

    // MARK: - Manifest builders (JSON text)

    /// A manifest with `services`, protocol versions `min...max` and `mode` (nil: none).
    static func manifest(_ services: String..., min: Int = 5, max: Int = 6, mode: String? = "BIDI_STREAM") -> String {
        let mode = mode.map { "\"protocolMode\":\"\($0)\"," } ?? ""
        return "{\(mode)\"minProtocolVersion\":\(min),\"maxProtocolVersion\":\(max),\"services\":[\(services.joined(separator: ","))]}"
    }

    /// A service of type `ty` with `handlers` (JSON objects) and `extra` fields.
    static func service(_ name: String, _ ty: String = "SERVICE", _ handlers: String..., extra: String = "") -> String {
        "{\"name\":\"\(name)\",\"ty\":\"\(ty)\",\"handlers\":[\(handlers.joined(separator: ","))]\(extra.isEmpty ? "" : ",\(extra)")}"
    }

    /// A handler with an optional type and `extra` fields.
    static func handler(_ name: String, _ ty: String? = nil, extra: String = "") -> String {
        var fields = ["\"name\":\"\(name)\""]
        if let ty { fields.append("\"ty\":\"\(ty)\"") }
        if !extra.isEmpty { fields.append(extra) }
        return "{\(fields.joined(separator: ","))}"
    }

    /// The R23 violation for `service`.
    static func typeChange(_ service: String, _ before: String, _ after: String) -> BreakingChange {
        BreakingChange(rule: .serviceTypeChanged, service: service, before: before, after: after)
    }

    /// The R24 violation for `handler` of `service`.
    static func removed(_ service: String, _ handler: String) -> BreakingChange {
        BreakingChange(rule: .handlerRemoved, service: service, handler: handler, before: handler)
    }

    /// A compatible report with the given changes (tuples: service, handler[, before, after]).
    static func report(
        added services: [String] = [], handlers: [(String, String)] = [], typeChanges: [(String, String, String, String)] = [],
        omitted: [String] = []
    ) -> CompatibilityReport {
        CompatibilityReport(
            breakingChanges: [], addedServices: services,
            addedHandlers: handlers.map { CompatibilityReport.HandlerReference(service: $0.0, handler: $0.1) },
            handlerTypeChanges: typeChanges.map { CompatibilityReport.HandlerTypeChange(service: $0.0, handler: $0.1, before: $0.2, after: $0.3) },
            omittedServices: omitted
        )
    }

    // MARK: - The scenario table

    /// `Greeter`, a plain service with `greet` and `greetAgain`.
    static let greeter = manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetAgain")))

    /// The scenario table.
    static let scenarios: [Scenario] = [
        // R23: the service type, in every direction.
        Scenario(
            name: "R23 SERVICE -> VIRTUAL_OBJECT", old: greeter,
            new: manifest(service("Greeter", "VIRTUAL_OBJECT", handler("greet"), handler("greetAgain"))),
            expect: .breaking([typeChange("Greeter", "Service", "VirtualObject")])),
        Scenario(
            name: "R23 SERVICE -> WORKFLOW", old: greeter,
            new: manifest(service("Greeter", "WORKFLOW", handler("greet", "WORKFLOW"), handler("greetAgain", "SHARED"))),
            expect: .breaking([typeChange("Greeter", "Service", "Workflow")])),
        Scenario(
            name: "R23 VIRTUAL_OBJECT -> SERVICE", old: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add"))),
            new: manifest(service("Counter", "SERVICE", handler("add"))),
            expect: .breaking([typeChange("Counter", "VirtualObject", "Service")])),
        Scenario(
            name: "R23 VIRTUAL_OBJECT -> WORKFLOW", old: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add", "SHARED"))),
            new: manifest(service("Counter", "WORKFLOW", handler("add", "SHARED"))),
            expect: .breaking([typeChange("Counter", "VirtualObject", "Workflow")])),
        Scenario(
            name: "R23 WORKFLOW -> SERVICE", old: manifest(service("Signup", "WORKFLOW", handler("run", "WORKFLOW"))),
            new: manifest(service("Signup", "SERVICE", handler("run"))),
            expect: .breaking([typeChange("Signup", "Workflow", "Service")])),
        Scenario(
            name: "R23 WORKFLOW -> VIRTUAL_OBJECT", old: manifest(service("Signup", "WORKFLOW", handler("run", "WORKFLOW"))),
            new: manifest(service("Signup", "VIRTUAL_OBJECT", handler("run"))),
            expect: .breaking([typeChange("Signup", "Workflow", "VirtualObject")])),
        Scenario(
            name: "R23 and R24 in one service: the type change first, then the removed handler", old: greeter,
            new: manifest(service("Greeter", "VIRTUAL_OBJECT", handler("greet"))),
            expect: .breaking([typeChange("Greeter", "Service", "VirtualObject"), removed("Greeter", "greetAgain")])),
        // R24: removed handlers.
        Scenario(
            name: "R24 one handler removed", old: greeter, new: manifest(service("Greeter", "SERVICE", handler("greet"))),
            expect: .breaking([removed("Greeter", "greetAgain")])),
        Scenario(
            name: "R24 several handlers removed from one service, by name",
            old: manifest(service("Greeter", "SERVICE", handler("zeta"), handler("greet"), handler("alpha"), handler("mid"))),
            new: manifest(service("Greeter", "SERVICE", handler("greet"))),
            expect: .breaking([removed("Greeter", "alpha"), removed("Greeter", "mid"), removed("Greeter", "zeta")])),
        Scenario(
            name: "R24 every handler removed (empty handler list)", old: greeter, new: manifest(service("Greeter", "SERVICE")),
            expect: .breaking([removed("Greeter", "greet"), removed("Greeter", "greetAgain")])),
        Scenario(
            name: "R24 a renamed handler is a removal (plus an addition)", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetTwice"))),
            expect: .breaking([removed("Greeter", "greetAgain")], report(handlers: [("Greeter", "greetTwice")]))),
        Scenario(
            name: "R23 and R24 in several services at once, every one listed",
            old: manifest(
                service("Beta", "VIRTUAL_OBJECT", handler("get", "SHARED"), handler("set")), service("Alpha", "SERVICE", handler("a")),
                service("Gamma", "SERVICE", handler("g"))),
            new: manifest(
                service("Gamma", "SERVICE", handler("g"), handler("g2")), service("Alpha", "WORKFLOW", handler("a", "WORKFLOW")),
                service("Beta", "VIRTUAL_OBJECT", handler("put"))),
            expect: .breaking(
                [typeChange("Alpha", "Service", "Workflow"), removed("Beta", "get"), removed("Beta", "set")],
                report(handlers: [("Beta", "put"), ("Gamma", "g2")]))),
        // Compatible changes (R26).
        Scenario(name: "identical manifests", old: greeter, new: greeter, expect: .compatible(report())),
        Scenario(
            name: "handler added", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetAgain"), handler("wave"))),
            expect: .compatible(report(handlers: [("Greeter", "wave")]))),
        Scenario(
            name: "service added", old: greeter,
            new: manifest(
                service("Greeter", "SERVICE", handler("greet"), handler("greetAgain")), service("Counter", "VIRTUAL_OBJECT", handler("add"))),
            expect: .compatible(report(added: ["Counter"]))),
        Scenario(
            name: "a service missing from the new deployment is not breaking (it stays with the old one)",
            old: manifest(service("Greeter", "SERVICE", handler("greet")), service("Legacy", "SERVICE", handler("old"))),
            new: manifest(service("Greeter", "SERVICE", handler("greet"))),
            expect: .compatible(report(omitted: ["Legacy"]))),
        Scenario(
            name: "every service replaced by other ones", old: greeter, new: manifest(service("Hello", "SERVICE", handler("hi"))),
            expect: .compatible(report(added: ["Hello"], omitted: ["Greeter"]))),
        Scenario(
            name: "virtual object handler Exclusive -> Shared and Shared -> Exclusive",
            old: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add"), handler("get", "SHARED"))),
            new: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add", "SHARED"), handler("get", "EXCLUSIVE"))),
            expect: .compatible(report(typeChanges: [("Counter", "add", "Exclusive", "Shared"), ("Counter", "get", "Shared", "Exclusive")]))),
        Scenario(
            name: "virtual object handler type absent -> EXCLUSIVE is no change",
            old: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add"))),
            new: manifest(service("Counter", "VIRTUAL_OBJECT", handler("add", "EXCLUSIVE"))), expect: .compatible(report())),
        Scenario(
            name: "workflow handler Workflow -> Shared, and absent type read as Shared",
            old: manifest(service("Signup", "WORKFLOW", handler("run", "WORKFLOW"), handler("status"))),
            new: manifest(service("Signup", "WORKFLOW", handler("run", "SHARED"), handler("status", "SHARED"), handler("go", "WORKFLOW"))),
            expect: .compatible(report(handlers: [("Signup", "go")], typeChanges: [("Signup", "run", "Workflow", "Shared")]))),
        Scenario(
            name: "input and output schemas and content types are not compared",
            old: manifest(
                service(
                    "Greeter", "SERVICE",
                    handler(
                        "greet",
                        extra:
                            "\"input\":{\"contentType\":\"application/json\",\"jsonSchema\":{\"type\":\"string\"},\"required\":true},\"output\":{\"contentType\":\"application/json\",\"jsonSchema\":{\"type\":\"string\"}}"
                    ))),
            new: manifest(
                service(
                    "Greeter", "SERVICE",
                    handler(
                        "greet",
                        extra:
                            "\"input\":{\"contentType\":\"text/plain\"},\"output\":{\"contentType\":\"application/json\",\"jsonSchema\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}}"
                    ))),
            expect: .compatible(report())),
        Scenario(
            name: "retention, timeouts, lazy state, visibility, retry policy, documentation and metadata are not compared",
            old: greeter,
            new: manifest(
                service(
                    "Greeter", "SERVICE",
                    handler("greet", extra: "\"journalRetention\":1000,\"abortTimeout\":5,\"ingressPrivate\":true,\"retryPolicyMaxAttempts\":3"),
                    handler("greetAgain", extra: "\"idempotencyRetention\":0,\"documentation\":\"again\""),
                    extra:
                        "\"inactivityTimeout\":60000,\"idempotencyRetention\":86400000,\"enableLazyState\":true,\"documentation\":\"hi\",\"metadata\":{\"team\":\"a\"}"
                )),
            expect: .compatible(report())),
        Scenario(
            name: "protocol range and protocol mode are not compared", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greetAgain"), handler("greet")), min: 1, max: 9, mode: "REQUEST_RESPONSE"),
            expect: .compatible(report())),
        Scenario(
            name: "duplicate handler names collapse (the last one wins)", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetAgain"), handler("greet"))),
            expect: .compatible(report())),
        // Invalid inputs: what discovery or registration refuses on its own.
        Scenario(
            name: "META0005 reserved service name in the new manifest", old: greeter,
            new: manifest(service("restate.Internal", "SERVICE", handler("x"))),
            expect: .invalid(side: "new", code: "META0005", message: "cannot insert/modify service 'restate.Internal' as it contains a reserved name")
        ),
        Scenario(
            name: "META0005 reserved service name in the old manifest", old: manifest(service("OpenAPI", "SERVICE", handler("x"))), new: greeter,
            expect: .invalid(side: "old", code: "META0005", message: "cannot insert/modify service 'OpenAPI'")),
        Scenario(
            name: "an invalid new manifest is invalid, not breaking", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet", "EXCLUSIVE"))),
            expect: .invalid(side: "new", code: nil, message: "invalid combination of service type and handler type")),
        Scenario(
            name: "WORKFLOW handler in a virtual object", old: greeter,
            new: manifest(service("Counter", "VIRTUAL_OBJECT", handler("run", "WORKFLOW"))),
            expect: .invalid(side: "new", code: nil, message: "invalid combination of service type and handler type")),
        Scenario(
            name: "workflow completion retention on a non-workflow handler", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet", extra: "\"workflowCompletionRetention\":1000"))),
            expect: .invalid(side: "new", code: nil, message: "sets the workflow_completion_retention, but it's not a WORKFLOW handler")),
        Scenario(
            name: "META0012 protocol range outside [5, 6]", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetAgain")), min: 1, max: 4),
            expect: .invalid(side: "new", code: "META0012", message: "unsupported service protocol versions: [1, 4]")),
        Scenario(
            name: "META0013 min protocol version above max", old: manifest(service("Greeter", "SERVICE", handler("greet")), min: 6, max: 5),
            new: greeter, expect: .invalid(side: "old", code: "META0013", message: "Expected min protocol version to be <= max protocol version")),
        Scenario(
            name: "META0013 missing protocol mode", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), handler("greetAgain")), mode: nil),
            expect: .invalid(side: "new", code: "META0013", message: "missing protocol mode")),
        Scenario(
            name: "malformed JSON", old: greeter, new: "{\"services\": [",
            expect: .invalid(side: "new", code: nil, message: "received a bad response from the SDK that cannot be decoded")),
        Scenario(
            name: "an unknown field is refused by the strict decoder", old: greeter,
            new: manifest(service("Greeter", "SERVICE", handler("greet"), extra: "\"colour\":\"blue\"")),
            expect: .invalid(side: "new", code: nil, message: "cannot be decoded")),
        Scenario(
            name: "an invalid handler name is refused by the decoder", old: manifest(service("Greeter", "SERVICE", handler("greet-me"))),
            new: greeter, expect: .invalid(side: "old", code: nil, message: "cannot be decoded")),
    ]

    // MARK: - Tests

    /// Reads `json` as discovery would and checks registration accepts it alone.
    private func endpoint(_ json: String) throws(AdminError) -> DiscoveredEndpoint {
        let endpoint = try CompatibilityCheck.endpoint(manifest: Data(json.utf8))
        try CompatibilityCheck.validate(endpoint)
        return endpoint
    }

    /// Each scenario: the report, or the side refused with its code and message.
    @Test(arguments: scenarios)
    func scenario(_ scenario: Scenario) throws {
        switch scenario.expect {
        case .compatible(let expected):
            let report = try CompatibilityCheck.check(old: endpoint(scenario.old), new: endpoint(scenario.new))
            #expect(report.isCompatible)
            #expect(report == expected)
        case .breaking(let violations, let compatible):
            let report = try CompatibilityCheck.check(old: endpoint(scenario.old), new: endpoint(scenario.new))
            #expect(!report.isCompatible)
            #expect(report.breakingChanges == violations)
            var expected = compatible
            expected.breakingChanges = violations
            #expect(report == expected)
        case .invalid(let side, let code, let message):
            var failed: (side: String, error: AdminError)?
            for (name, json) in [("old", scenario.old), ("new", scenario.new)] {
                do {
                    _ = try endpoint(json)
                } catch {
                    failed = (name, error)
                    break
                }
            }
            let failure = try #require(failed, "no side was refused")
            #expect(failure.side == side)
            #expect(failure.error.code?.rawValue == code)
            #expect(failure.error.message.contains(message), "\(failure.error.message)")
            #expect(failure.error.violations.isEmpty)
        }
    }

    /// The check itself refuses an invalid pair with the same error as validating each side.
    @Test(arguments: scenarios.filter { if case .invalid = $0.expect { true } else { false } })
    func checkRefusesInvalidEndpoints(_ scenario: Scenario) throws {
        guard let old = try? CompatibilityCheck.endpoint(manifest: Data(scenario.old.utf8)),
            let new = try? CompatibilityCheck.endpoint(manifest: Data(scenario.new.utf8))
        else { return }  // refused while reading: no endpoint to check
        let expected: AdminError
        do {
            try CompatibilityCheck.validate(old)
            try CompatibilityCheck.validate(new)
            Issue.record("both sides are valid")
            return
        } catch {
            expected = error
        }
        #expect(throws: expected) { try CompatibilityCheck.check(old: old, new: new) }
    }

    /// The breaking changes are the ones a real registration refuses with: the META0006 error of
    /// `AdminService.registerDeployment` lists the same violations.
    @Test(arguments: scenarios.filter { if case .breaking = $0.expect { true } else { false } })
    func sameViolationsAsARegistration(_ scenario: Scenario) async throws {
        let storage = InMemoryStorage()
        let discovery = StubDiscoveryClient()
        let admin = AdminService(storage: storage, discovery: discovery)
        for (uri, json) in [("http://old:9080/", scenario.old), ("http://new:9080/", scenario.new)] {
            let address = RequestedAddress.http(try DeploymentURI(parsing: uri), useHTTP11: false)
            discovery.respond(to: address, with: .init(body: Data(json.utf8), transport: .http(.http2), serverHeader: nil))
        }
        _ = try await admin.registerDeployment(RegistrationRequest(address: .http(try DeploymentURI(parsing: "http://old:9080/"), useHTTP11: false)))
        var refusal: AdminError?
        do {
            _ = try await admin.registerDeployment(
                RegistrationRequest(address: .http(try DeploymentURI(parsing: "http://new:9080/"), useHTTP11: false)))
        } catch let error as AdminError {
            refusal = error
        }
        let error = try #require(refusal)
        #expect(error.code == .meta0006)
        let report = try CompatibilityCheck.check(old: endpoint(scenario.old), new: endpoint(scenario.new))
        #expect(error.violations == report.breakingChanges)
    }

    @Test("a file of any manifest version v1…v4 is read the same: the Python SDK's v2 and v4 captures")
    func realCapturesAcrossManifestVersions() throws {
        let v2 = try CompatibilityCheck.endpoint(manifest: ManifestFixtures.data("body_manifest-v2_features-v2_request-response"))
        let v4 = try CompatibilityCheck.endpoint(manifest: ManifestFixtures.data("body_manifest-v4_features-v4_bidi"))
        #expect(try CompatibilityCheck.check(old: v2, new: v4) == CompatibilityReport(breakingChanges: []))
        #expect(try CompatibilityCheck.check(old: v4, new: v2) == CompatibilityReport(breakingChanges: []))
        // A v1-only manifest (no v2+ fields) reads as well.
        let v1 = try CompatibilityCheck.endpoint(manifest: Data(Self.greeter.utf8))
        #expect(v1.manifest.services.map(\.name) == ["Greeter"])
    }

    @Test("a capture with handlers dropped and a service type changed")
    func realCaptureBreaking() throws {
        let data = try ManifestFixtures.data("body_manifest-v4_features-v4_bidi")
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var services = try #require(json["services"] as? [[String: Any]])
        for index in services.indices {
            switch services[index]["name"] as? String {
            case "Counter":
                services[index]["handlers"] = (services[index]["handlers"] as? [[String: Any]])?.filter { $0["name"] as? String == "add" }
            case "Greeter":
                services[index]["ty"] = "VIRTUAL_OBJECT"
            default: break
            }
        }
        json["services"] = services
        let changed = try JSONSerialization.data(withJSONObject: json)
        let report = try CompatibilityCheck.check(
            old: CompatibilityCheck.endpoint(manifest: data), new: CompatibilityCheck.endpoint(manifest: changed))
        #expect(
            report.breakingChanges == [
                Self.removed("Counter", "get"), Self.removed("Counter", "reset"), Self.typeChange("Greeter", "Service", "VirtualObject"),
            ])
    }

    @Test("the file reading is discovery's: v4 content type over HTTP/2, no SDK version")
    func fileEndpointDefaults() throws {
        let endpoint = try CompatibilityCheck.endpoint(manifest: Data(Self.greeter.utf8))
        #expect(endpoint.transport == .http(.http2))
        #expect(endpoint.protocolType == .bidiStream)
        #expect(endpoint.sdkVersion == nil)
        #expect(CompatibilityCheck.manifestFileContentType == "application/vnd.restate.endpointmanifest.v4+json")
    }
}
