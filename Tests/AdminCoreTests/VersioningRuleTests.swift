import AdminCore
import AdminTestSupport
import Foundation
import Testing

private typealias H = RegistryHarness

/// One test (at least) per rule of VERSIONING.md that AdminCore implements. The scenario vectors
/// cover the same ground from Restate's own tests; these pin the rules the samples do not cover.
@Suite(.capturingLogs)
struct VersioningRuleTests {
    let greeter = H.service("greeter.Greeter", handlers: ["greet"])

    @Test("R1 force implies breaking and overwrite; its default depends on the API version")
    func r1Flags() {
        #expect(RegistrationRequest.flags(force: true, breaking: false, forceDefault: false) == (.yes, .yes))
        #expect(RegistrationRequest.flags(force: nil, breaking: true, forceDefault: false) == (.yes, .no))
        #expect(RegistrationRequest.flags(force: nil, breaking: false, forceDefault: false) == (.no, .no))
        #expect(RegistrationRequest.flags(force: nil, breaking: false, forceDefault: true) == (.yes, .yes))
        #expect(RegistrationRequest.flags(force: false, breaking: false, forceDefault: true) == (.no, .no))
    }

    @Test(
        "R2 an HTTP uri must be absolute; a Lambda ARN must be qualified",
        arguments: [
            ("localhost:9080/x", false), ("/greeter", false), ("http://", false), ("http://localhost:9080", true), ("https://h/p?q=1", true),
        ])
    func r2AbsoluteURI(_ text: String, valid: Bool) {
        let parsed = try? DeploymentURI(parsing: text)
        #expect((parsed != nil) == valid)
        if !valid, !text.isEmpty {
            #expect(throws: AdminError.self) { try DeploymentURI(parsing: text) }
        }
    }

    @Test(
        "R2 Lambda ARN reasons",
        arguments: [
            ("arn:aws:lambda:eu-central-1:123:function:fn", "needs a version or alias suffix"),
            ("arn:aws:lambda", "8 components"),
            ("nra:aws:lambda:eu-central-1:123:function:fn:1", "First component"),
            ("arn:aws:lambda:eu-central-1:123:layer:fn:1", "`function` resource"),
            ("arn:aws:s3:eu-central-1:123:function:fn:1", "lambda service"),
            ("arn::lambda:eu-central-1:123:function:fn:1", "non-empty"),
        ])
    func r2LambdaARN(_ text: String, reason: String) {
        #expect {
            try LambdaARN(parsing: text)
        } throws: { ($0 as? AdminError)?.message.contains(reason) == true }
        #expect((try? LambdaARN(parsing: "arn:aws:lambda:eu-central-1:123:function:fn:1"))?.region == "eu-central-1")
    }

    @Test("R3 a dry run computes the result and stores nothing")
    func r3DryRun() async throws {
        let h = H()
        let outcome = try await h.register("http://localhost:9080", [greeter], dryRun: true)
        #expect(outcome.result == .created)
        #expect(outcome.deployment.services["greeter.Greeter"]?.revision == 1)
        #expect(try await h.version() == 0)
        #expect(try await h.admin.deployments().isEmpty)
    }

    @Test("R4 results: Created, then Unchanged without force, Overwritten with force (same id)")
    func r4Results() async throws {
        let h = H()
        let created = try await h.register("http://localhost:9080", [greeter])
        let unchanged = try await h.register("http://localhost:9080", [greeter])
        let overwritten = try await h.register("http://localhost:9080", [greeter], force: true)
        #expect([created.result, unchanged.result, overwritten.result] == [.created, .unchanged, .overwritten])
        #expect(created.deployment.id == unchanged.deployment.id && created.deployment.id == overwritten.deployment.id)
    }

    @Test("R5 coded errors render with the [CODE] prefix; uncoded ones without")
    func r5ErrorShape() {
        #expect(AdminError(.conflict, code: .meta0006, "x").description == "[META0006] x")
        #expect(AdminError(.invalidArgument, "y").description == "y")
    }

    @Test("R9 a missing protocol mode is META0013")
    func r9ProtocolMode() async throws {
        let h = H()
        await #expect { try await h.register("http://localhost:9080", [greeter], mode: nil) } throws: {
            ($0 as? AdminError)?.code == .meta0013
        }
    }

    @Test("R10 the protocol range must overlap [5, 6]", arguments: [(1, 6, true), (5, 5, true), (6, 9, true), (7, 7, false), (1, 4, false)])
    func r10ProtocolRange(min: Int, max: Int, accepted: Bool) async throws {
        let h = H()
        do {
            try await h.register("http://localhost:9080", [greeter], min: min, max: max)
            #expect(accepted)
        } catch let error as AdminError {
            #expect(!accepted)
            #expect(error.code == .meta0012)
            #expect(error.message.contains("[\(min), \(max)]"))
        }
    }

    @Test("R11 reserved names are refused with META0005", arguments: ["restate.Foo", "Restate", "RESTATEful", "OpenAPI"])
    func r11Reserved(_ name: String) async throws {
        let h = H()
        await #expect { try await h.register("http://localhost:9080", [H.service(name, handlers: ["greet"])]) } throws: {
            let e = $0 as? AdminError
            return e?.code == .meta0005 && e?.message == "cannot insert/modify service '\(name)' as it contains a reserved name"
        }
        #expect(try await h.version() == 0)
    }

    @Test("R11 look-alikes are not reserved", arguments: ["openapi.v1", "my.restate.Foo", "OpenApiGateway"])
    func r11NotReserved(_ name: String) async throws {
        #expect(try await H().register("http://localhost:9080", [H.service(name, handlers: ["greet"])]).result == .created)
    }

    @Test(
        "R12 handler type versus service type",
        arguments: [
            ("SERVICE", nil, "none"), ("SERVICE", "SHARED", "none"), ("SERVICE", "EXCLUSIVE", "error"), ("SERVICE", "WORKFLOW", "error"),
            ("VIRTUAL_OBJECT", nil, "Exclusive"), ("VIRTUAL_OBJECT", "SHARED", "Shared"), ("VIRTUAL_OBJECT", "EXCLUSIVE", "Exclusive"),
            ("VIRTUAL_OBJECT", "WORKFLOW", "error"), ("WORKFLOW", nil, "Shared"), ("WORKFLOW", "SHARED", "Shared"),
            ("WORKFLOW", "EXCLUSIVE", "error"), ("WORKFLOW", "WORKFLOW", "Workflow"),
        ] as [(String, String?, String)])
    func r12HandlerTypes(service: String, handler: String?, expected: String) async throws {
        let h = H()
        var handlerJSON: [String: Any] = ["name": "run"]
        if let handler { handlerJSON["ty"] = handler }
        do {
            try await h.register("http://localhost:9080", [H.service("Svc", service, handlers: [handlerJSON])])
            let ty = try await h.latest("Svc").handlers.first?.ty
            #expect((ty?.adminName ?? "none") == expected)
        } catch let error as AdminError {
            #expect(expected == "error")
            #expect(error.code == nil && error.message.hasPrefix("invalid combination of service type and handler type '("))
        }
    }

    @Test("R13 a workflow may have zero or several WORKFLOW handlers")
    func r13WorkflowHandlers() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("Wf0", "WORKFLOW", handlers: [])])
        try await h.register(
            "http://b:1", [H.service("Wf2", "WORKFLOW", handlers: [["name": "a", "ty": "WORKFLOW"], ["name": "b", "ty": "WORKFLOW"]])])
        #expect(try await h.latest("Wf2").handlers.map(\.ty) == [.workflow, .workflow])
    }

    @Test("R14 retention fields must match the handler type")
    func r14Retention() async throws {
        let h = H()
        await #expect {
            try await h.register("http://a:1", [H.service("Obj", "VIRTUAL_OBJECT", handlers: [["name": "h", "workflowCompletionRetention": 1000]])])
        } throws: { ($0 as? AdminError)?.message == "h sets the workflow_completion_retention, but it's not a WORKFLOW handler" }
        await #expect {
            try await h.register(
                "http://a:1", [H.service("Wf", "WORKFLOW", handlers: [["name": "run", "ty": "WORKFLOW", "idempotencyRetention": 1000]])])
        } throws: { ($0 as? AdminError)?.message == "run sets the idempotency_retention, but it's a WORKFLOW handler" }
        try await h.register(
            "http://a:1", [H.service("Wf", "WORKFLOW", handlers: [["name": "run", "ty": "WORKFLOW"]], extra: ["idempotencyRetention": 1000])])
    }

    @Test("R15 a private service cannot have an explicitly public handler; the reverse is fine")
    func r15Visibility() async throws {
        let h = H()
        await #expect {
            try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "ingressPrivate": false]], extra: ["ingressPrivate": true])])
        } throws: { ($0 as? AdminError)?.message.hasPrefix("The service S is private, but the h is explicitly set as public.") == true }
        try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "ingressPrivate": true], "g"])])
        let service = try await h.latest("S")
        #expect(service.isPublic)
        #expect(service.handlers.map(\.isPublic) == [true, false])
    }

    @Test("R16 input content types need one slash and no */subtype")
    func r16Payloads() async throws {
        let h = H()
        await #expect {
            try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "input": ["contentType": "*/json"]]])])
        } throws: { ($0 as? AdminError)?.message.contains("*/subType is not supported") == true }
        await #expect {
            try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "input": ["contentType": "json"]]])])
        } throws: { ($0 as? AdminError)?.message.contains("must contain one /") == true }
        try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "input": ["contentType": "text/*"]]])])
    }

    @Test("R17 duplicate services and handlers collapse, the last one winning")
    func r17Duplicates() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("S", handlers: ["a"]), H.service("S", handlers: ["b", "b"])])
        #expect(try await h.latest("S").handlers.map(\.name) == ["b"])
    }

    @Test("R18 identity: authority case-insensitive, path exact, scheme and query ignored, routing headers count")
    func r18Identity() async throws {
        let h = H(configuration: AdminConfiguration(deploymentRoutingHeaders: ["x-routing"]))
        let d1 = try await h.register("http://LocalHost:9080/api", [greeter], headers: ["x-routing": "1"])
        #expect(
            try await h.register("https://localhost:9080/api?x=1", [greeter], headers: ["x-routing": "1", "other": "2"]).deployment.id
                == d1.deployment.id)
        #expect(try await h.register("http://localhost:9080/API", [greeter], headers: ["x-routing": "1"]).result == .created)
        #expect(try await h.register("http://localhost:9080/api", [greeter], headers: ["x-routing": "2"]).result == .created)
        #expect(try DeploymentURI(parsing: "http://h:1").identityKey == (try DeploymentURI(parsing: "http://h:1/")).identityKey)
    }

    @Test("R19 an existing address without overwrite is returned unchanged, even with another manifest")
    func r19Unchanged() async throws {
        let h = H()
        let first = try await h.register("http://a:1", [greeter])
        let before = try await h.version()
        let again = try await h.register("http://a:1", [H.service("greeter.Greeter", "VIRTUAL_OBJECT", handlers: [])])
        #expect(again.result == .unchanged && again.deployment == first.deployment)
        #expect(try await h.version() == before)
    }

    @Test("R20 overwrite replaces services wholesale and resets created_at and metadata")
    func r20Overwritten() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter, H.service("Other", handlers: ["x"])])
        let over = try await h.register("http://a:1", [greeter], force: true)
        #expect(over.result == .overwritten)
        #expect(Set(over.deployment.services.keys) == ["greeter.Greeter"])
        await #expect(throws: AdminError.self) { try await h.latest("Other") }
        #expect(try await h.latest("greeter.Greeter").revision == 2)
    }

    @Test("R21 a new address creates a new deployment")
    func r21Created() async throws {
        let h = H()
        let a = try await h.register("http://a:1", [greeter])
        let b = try await h.register("http://b:1", [greeter])
        #expect(a.deployment.id != b.deployment.id && b.result == .created)
    }

    @Test("R22 breaking checks compare against the latest revision, wherever it lives")
    func r22Baseline() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("S", handlers: ["x", "y"])])
        try await h.register("http://b:1", [H.service("S", handlers: ["x"])], breaking: true)
        // Compared with b (latest: only x), dropping y again is not a violation.
        #expect(try await h.register("http://c:1", [H.service("S", handlers: ["x"])]).result == .created)
    }

    @Test("R23 a service type change is META0006 unless breaking")
    func r23TypeChange() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        await #expect { try await h.register("http://b:1", [H.service("greeter.Greeter", "VIRTUAL_OBJECT", handlers: ["greet"])]) } throws: {
            let e = $0 as? AdminError
            return e?.code == .meta0006 && e?.kind == .conflict
                && e?.message
                    == "detected a new service revision for 'greeter.Greeter' changing the service type from previous revision. Service type cannot be changed across revisions."
                && e?.violations == [BreakingChange(rule: .serviceTypeChanged, service: "greeter.Greeter", before: "Service", after: "VirtualObject")]
        }
        #expect(
            try await h.register("http://b:1", [H.service("greeter.Greeter", "VIRTUAL_OBJECT", handlers: ["greet"])], breaking: true).result
                == .created)
    }

    @Test("R24 removed handlers are META0006 unless breaking; the message lists them")
    func r24RemovedHandlers() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("S", handlers: ["a", "b", "c"])])
        await #expect { try await h.register("http://b:1", [H.service("S", handlers: ["b"])]) } throws: {
            ($0 as? AdminError)?.message == "the service 'S' already exists but the new revision removed the handlers [\"a\", \"c\"]"
        }
        #expect(try await h.register("http://b:1", [H.service("S", handlers: ["b"])], breaking: true).deployment.services["S"]?.handlers.count == 1)
    }

    @Test("R25 beyond Restate: every violation of every service is reported at once, nothing is stored")
    func r25AllViolations() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("A", handlers: ["x", "y"]), H.service("B", handlers: ["z"]), H.service("C", handlers: ["w"])])
        let version = try await h.version()
        do {
            try await h.register(
                "http://b:1",
                [
                    H.service("A", handlers: []), H.service("B", "VIRTUAL_OBJECT", handlers: []), H.service("C", handlers: ["w", "new"]),
                ])
            Issue.record("expected META0006")
        } catch let error as AdminError {
            #expect(error.code == .meta0006)
            #expect(error.violations.count == 4)
            #expect(error.violations.map(\.rule) == [.handlerRemoved, .handlerRemoved, .serviceTypeChanged, .handlerRemoved])
            #expect(error.message.hasPrefix("the service 'A' already exists but the new revision removed the handlers [\"x\", \"y\"]\n"))
            #expect(error.message.contains("detected a new service revision for 'B'"))
            #expect(error.message.contains("the service 'B' already exists but the new revision removed the handlers [\"z\"]"))
        }
        #expect(try await h.version() == version)
        #expect(try await h.admin.deployments().count == 1)
    }

    @Test("R25 within one service the type change is reported first")
    func r25TypeChangeFirst() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("S", handlers: ["x"])])
        await #expect { try await h.register("http://b:1", [H.service("S", "VIRTUAL_OBJECT", handlers: [])]) } throws: {
            ($0 as? AdminError)?.message.hasPrefix("detected a new service revision for 'S'") == true
        }
    }

    @Test("R26 non-breaking changes need no flag: added handlers, handler type changes, visibility, options")
    func r26NonBreaking() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("O", "VIRTUAL_OBJECT", handlers: [["name": "h", "ty": "EXCLUSIVE"]])])
        let next = try await h.register(
            "http://b:1",
            [
                H.service(
                    "O", "VIRTUAL_OBJECT", handlers: [["name": "h", "ty": "SHARED"], "added"], extra: ["ingressPrivate": true, "abortTimeout": 5])
            ])
        #expect(next.result == .created && next.deployment.services["O"]?.revision == 2)
    }

    @Test("R27 every service in the manifest gets latest + 1; others keep theirs")
    func r27Revisions() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("A", handlers: ["x"]), H.service("B", handlers: ["x"])])
        try await h.register("http://b:1", [H.service("A", handlers: ["x"])])
        #expect(try await h.latest("A").revision == 2)
        #expect(try await h.latest("B").revision == 1)
    }

    @Test("R28 the deployment with the highest revision owns the latest; older ones keep their copies")
    func r28Latest() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [H.service("A", handlers: ["x"]), H.service("B", handlers: ["x"])])
        let d2 = try await h.register("http://b:1", [H.service("A", handlers: ["x"])])
        #expect(try await h.latest("A").deploymentID == d2.deployment.id)
        #expect(try await h.latest("B").deploymentID == d1.deployment.id)
        #expect(try await h.admin.deployment(d1.deployment.id).services["A"]?.revision == 1)
    }

    @Test("R29 a fully superseded deployment stays registered")
    func r29Draining() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [greeter])
        try await h.register("http://b:1", [greeter])
        #expect(try await h.admin.deployment(d1.deployment.id).services.count == 1)
    }

    @Test("R30 service settings changed by PATCH are reset by the next revision")
    func r30SettingsReset() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        _ = try await h.admin.modifyService("greeter.Greeter", changes: ServiceChanges(isPublic: false))
        #expect(try await h.latest("greeter.Greeter").isPublic == false)
        try await h.register("http://b:1", [greeter])
        #expect(try await h.latest("greeter.Greeter").isPublic == true)
    }

    @Test("R31 revision numbers can be reused after a delete")
    func r31Reuse() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        let d2 = try await h.register("http://b:1", [greeter])
        try await h.admin.removeDeployment(d2.deployment.id)
        #expect(try await h.latest("greeter.Greeter").revision == 1)
        #expect(try await h.register("http://c:1", [greeter]).deployment.services["greeter.Greeter"]?.revision == 2)
    }

    @Test("R32 ties are deterministic: the current owner keeps the latest")
    func r32Ties() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [H.service("A", handlers: ["x"])])
        let d2 = try await h.register("http://b:1", [H.service("B", handlers: ["x"])])
        // Adding A to d2 by overwrite gives it A@1 too: a tie with d1, which keeps the latest.
        try await h.update(d2.deployment.id, services: [H.service("A", handlers: ["x"]), H.service("B", handlers: ["x"])], overwrite: true)
        #expect(try await h.latest("A").deploymentID == d1.deployment.id)
        try await h.admin.removeDeployment(d1.deployment.id)
        #expect(try await h.latest("A").deploymentID == d2.deployment.id)
    }

    @Test("R33 update preconditions: unknown id, wrong kind, empty request")
    func r33Preconditions() async throws {
        let h = H()
        let d = try await h.register("http://a:1", [greeter])
        await #expect { try await h.admin.updateDeployment(UpdateRequest(id: DeploymentID.generate(), additionalHeaders: [:])) } throws: {
            ($0 as? AdminError)?.kind == .notFound
        }
        await #expect {
            try await h.admin.updateDeployment(
                UpdateRequest(
                    id: d.deployment.id, address: .lambda(arn: try LambdaARN(parsing: "arn:aws:lambda:r:1:function:f:1"), assumeRoleARN: nil)))
        } throws: {
            ($0 as? AdminError)?.message
                == "cannot update the deployment, as the deployment type is http while the update options are for type lambda"
        }
        let before = h.discovery.requests.count
        #expect(try await h.admin.updateDeployment(UpdateRequest(id: d.deployment.id)) == d.deployment)
        #expect(h.discovery.requests.count == before)
    }

    @Test("R33 absent update fields are taken from the deployment: headers survive a URI change; a headers-only update keeps the address")
    func r33FillsFromCurrent() async throws {
        let h = H()
        let d = try await h.register("http://a:1", [greeter], headers: ["authorization": "secret"])
        let moved = try await h.update(d.deployment.id, uri: "http://b:2", services: [greeter])
        #expect(moved.additionalHeaders == ["authorization": "secret"])
        #expect(SchemaUpdater.currentRequestedAddress(moved).description == "http://b:2/")
        try h.serve("http://b:2", H.manifest([greeter]))
        let rekeyed = try await h.admin.updateDeployment(
            UpdateRequest(
                id: d.deployment.id, address: .lambda(arn: nil, assumeRoleARN: nil), additionalHeaders: ["Authorization": "new"]
            ))
        #expect(rekeyed.additionalHeaders == ["authorization": "new"])
        #expect(SchemaUpdater.currentRequestedAddress(rekeyed).description == "http://b:2/")
        #expect(h.discovery.requests.last?.additionalHeaders == ["authorization": "new"])
    }

    @Test("R34 an update must keep the protocol range (META0016)")
    func r34ProtocolRange() async throws {
        let h = H()
        let d = try await h.register("http://a:1", [greeter], min: 5, max: 6)
        await #expect { try await h.update(d.deployment.id, services: [greeter], min: 5, max: 5) } throws: {
            let e = $0 as? AdminError
            return e?.code == .meta0016 && e?.message.hasSuffix("from 5..=6 to 5..=5") == true
        }
    }

    @Test("R35 update without overwrite changes only address, headers and sdk version")
    func r35UpdateKeepsServices() async throws {
        let h = H()
        let d = try await h.register("http://a:1", [greeter])
        let updated = try await h.update(d.deployment.id, uri: "http://moved:2", services: [H.service("Other", handlers: ["x"])])
        #expect(updated.services == d.deployment.services)
        #expect(updated.createdAtMilliseconds == d.deployment.createdAtMilliseconds)
        #expect(SchemaUpdater.currentRequestedAddress(updated).description == "http://moved:2/")
        await #expect(throws: AdminError.self) { try await h.latest("Other") }
    }

    @Test("R36 update with overwrite keeps this deployment's revisions and never fails on breaking changes")
    func r36UpdateOverwrite() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [greeter])
        try await h.register("http://b:1", [greeter])
        let updated = try await h.update(
            d1.deployment.id, services: [H.service("greeter.Greeter", "VIRTUAL_OBJECT", handlers: ["x"]), H.service("New", handlers: ["y"])],
            overwrite: true)
        #expect(updated.services["greeter.Greeter"]?.revision == 1)
        #expect(updated.services["New"]?.revision == 1)
        #expect(try await h.latest("greeter.Greeter").revision == 2)
    }

    @Test("R37 an update may point two deployments at one address")
    func r37Collision() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [greeter])
        let d2 = try await h.register("http://b:1", [H.service("Other", handlers: ["x"])])
        try await h.update(d2.deployment.id, uri: "http://a:1", services: [H.service("Other", handlers: ["x"])])
        let forced = try await h.register("http://a:1", [greeter], force: true)
        #expect(forced.deployment.id == max(d1.deployment.id, d2.deployment.id))
    }

    @Test("R38 removing an unknown deployment is not found; a known one bumps the version")
    func r38Delete() async throws {
        let h = H()
        await #expect { try await h.admin.removeDeployment(DeploymentID.generate()) } throws: {
            ($0 as? AdminError)?.message.hasPrefix("not found in the schema registry: deployment with id 'dp_1") == true
        }
        let d = try await h.register("http://a:1", [greeter])
        let version = try await h.version()
        try await h.admin.removeDeployment(d.deployment.id)
        #expect(try await h.version() == version + 1)
    }

    @Test("R39 removing the latest owner falls back to the highest remaining revision, or the service disappears")
    func r39Fallback() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [greeter])
        let d2 = try await h.register("http://b:1", [greeter, H.service("Only", handlers: ["x"])])
        try await h.admin.removeDeployment(d2.deployment.id)
        #expect(try await h.latest("greeter.Greeter").deploymentID == d1.deployment.id)
        await #expect(throws: AdminError.self) { try await h.latest("Only") }
    }

    @Test("R40 an empty modify request changes nothing")
    func r40EmptyModify() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        let version = try await h.version()
        _ = try await h.admin.modifyService("greeter.Greeter", changes: ServiceChanges())
        #expect(try await h.version() == version)
    }

    @Test("R41 modify changes the latest revision in place without a revision bump")
    func r41Modify() async throws {
        let h = H()
        let d1 = try await h.register("http://a:1", [greeter])
        try await h.register("http://b:1", [greeter])
        let modified = try await h.admin.modifyService("greeter.Greeter", changes: ServiceChanges(journalRetention: .milliseconds(5_000)))
        #expect(modified.revision == 2 && modified.journalRetention == .milliseconds(5_000))
        #expect(try await h.admin.deployment(d1.deployment.id).services["greeter.Greeter"]?.journalRetention == nil)
        await #expect { try await h.admin.modifyService("Nope", changes: ServiceChanges(isPublic: true)) } throws: {
            ($0 as? AdminError)?.message == "not found in the schema registry: service with name 'Nope'"
        }
    }

    @Test("R42 workflow completion retention can only be modified on workflows, and nothing else applies")
    func r42WorkflowRetention() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        await #expect {
            try await h.admin.modifyService(
                "greeter.Greeter", changes: ServiceChanges(isPublic: false, workflowCompletionRetention: .milliseconds(1)))
        } throws: { ($0 as? AdminError)?.message == "modifying retention time for service type Service is unsupported" }
        #expect(try await h.latest("greeter.Greeter").isPublic)
    }

    @Test("R43 the service view resolves defaults and clamps the journal retention with RT0022")
    func r43ServiceView() async throws {
        let h = H(configuration: AdminConfiguration(maxJournalRetention: .milliseconds(30_000)))
        try await h.register(
            "http://a:1", [H.service("W", "WORKFLOW", handlers: [["name": "run", "ty": "WORKFLOW"]], extra: ["inactivityTimeout": 1000])],
            mode: "REQUEST_RESPONSE")
        let view = try await h.latest("W")
        #expect(view.idempotencyRetention == .milliseconds(86_400_000))
        #expect(view.workflowCompletionRetention == .milliseconds(86_400_000))
        #expect(view.journalRetention == .milliseconds(30_000))
        #expect(view.inactivityTimeout == .zero)
        #expect(view.abortTimeout == .milliseconds(600_000))
        #expect(Set(view.info.compactMap(\.code)) == ["RT0021", "RT0022"])
        #expect(view.retryPolicy == .restateDefault)
    }

    @Test("R44 the handler view shows overrides only and inherits visibility")
    func r44HandlerView() async throws {
        let h = H(configuration: AdminConfiguration(maxJournalRetention: .milliseconds(1_000)))
        try await h.register(
            "http://a:1", [H.service("S", handlers: [["name": "h", "journalRetention": 5000, "abortTimeout": 7]], extra: ["ingressPrivate": true])])
        let handler = try await h.admin.handler("h", of: "S")
        #expect(handler.journalRetention == .milliseconds(1_000) && handler.info.map(\.code) == ["RT0022"])
        #expect(handler.abortTimeout == .milliseconds(7) && handler.idempotencyRetention == nil && !handler.isPublic)
        #expect(handler.inputDescription == "*/*" && handler.outputDescription == "application/json")
        await #expect { try await h.admin.handler("nope", of: "S") } throws: {
            ($0 as? AdminError)?.message == "The requested handler 'nope' on service 'S' does not exist"
        }
    }

    @Test("R45 retention for new invocations: idempotency key or workflow caps the journal")
    func r45Retention() async throws {
        let h = H()
        try await h.register("http://a:1", [H.service("S", handlers: [["name": "h", "journalRetention": 60_000, "idempotencyRetention": 30_000]])])
        let target = try #require(try await h.admin.invocationTarget(service: "S", handler: "h"))
        #expect(target.retention(withIdempotencyKey: true) == (.milliseconds(30_000), .milliseconds(30_000)))
        #expect(target.retention(withIdempotencyKey: false) == (.milliseconds(60_000), .milliseconds(60_000)))
    }

    @Test("R46 attempt options come from the specific deployment's copy")
    func r46AttemptOptions() async throws {
        let h = H()
        let d1 = try await h.register(
            "http://a:1", [H.service("S", handlers: [["name": "h", "abortTimeout": 10]], extra: ["inactivityTimeout": 20])])
        try await h.register("http://b:1", [H.service("S", handlers: ["h"])])
        let options = try #require(try await h.admin.attemptOptions(deployment: d1.deployment.id, service: "S", handler: "h"))
        #expect(options.abortTimeout == .milliseconds(10) && options.inactivityTimeout == .milliseconds(20) && options.enableLazyState == nil)
    }

    @Test("R47 retry policy: server default overridden field by field; max attempts 0 means 1")
    func r47RetryPolicy() async throws {
        let h = H()
        try await h.register(
            "http://a:1", [H.service("S", handlers: ["h"], extra: ["retryPolicyMaxAttempts": 0, "retryPolicyOnMaxAttempts": "KILL"])])
        let policy = try await h.latest("S").retryPolicy
        #expect(policy.maxAttempts == 1 && policy.onMaxAttempts == .kill && policy.initialInterval == .milliseconds(500))
    }

    @Test("R48 the schema version moves by one per change and not for no-ops, failures or dry runs")
    func r48Version() async throws {
        let h = H()
        try await h.register("http://a:1", [greeter])
        #expect(try await h.version() == 1)
        try await h.register("http://a:1", [greeter])
        try await h.register("http://b:1", [greeter], dryRun: true)
        _ = try? await h.register("http://c:1", [H.service("greeter.Greeter", "WORKFLOW", handlers: [])])
        #expect(try await h.version() == 1)
        _ = try await h.admin.modifyService("greeter.Greeter", changes: ServiceChanges(isPublic: false))
        #expect(try await h.version() == 2)
    }
}
