import AdminCore
import Foundation
import Testing

extension ScenarioRunner {
    /// The domain kind each Rust error variant of the vectors corresponds to. Which HTTP status a
    /// kind gets is the HTTP adapter's decision (ErrorMapping, pinned by AdminHTTPTests); the
    /// statuses of the vectors are checked end to end by the conformance suite.
    static let kindByErrorKind: [String: AdminError.Kind] = [
        "NotFound": .notFound, "DifferentType": .conflict, "RemovedHandlers": .conflict, "ReservedName": .invalidArgument,
        "DifferentSupportedProtocolVersions": .invalidArgument, "CannotModifyRetentionTime": .invalidArgument,
        "BadServiceAndHandlerType": .invalidArgument, "UnexpectedWorkflowCompletionRetention": .invalidArgument,
        "UnexpectedIdempotencyRetention": .invalidArgument, "BadHandlerVisibility": .invalidArgument,
        "BadInputContentType": .invalidArgument, "BadOutputContentType": .invalidArgument, "BadJsonSchema": .invalidArgument,
        "BadResponse": .discovery, "Decode": .discovery, "UnsupportedServiceProtocol": .discovery,
        "BidirectionalNotSupported": .discovery,
    ]
    /// The domain kind behind each error status of the vectors.
    static let kindByStatus: [Int: AdminError.Kind] = [400: .invalidArgument, 404: .notFound, 409: .conflict, 500: .discovery]

    func check(_ expect: Object, outcome: StepOutcome, versionBefore: UInt64, versionAfter: UInt64, context: String) async throws {
        if let ok = expect["ok"] as? Bool {
            if case .failure(let error) = outcome {
                #expect(!ok, "\(context): unexpected failure \(error)")
            } else {
                #expect(ok, "\(context): expected a failure, the step succeeded")
            }
        }
        if case .failure(let error) = outcome {
            if expect.keys.contains("error_code") {
                #expect(error.code?.rawValue == expect["error_code"] as? String, "\(context): code of \(error)")
            }
            if let variant = expect["error_kind"] as? String, let kind = Self.kindByErrorKind[variant] {
                #expect(error.kind == kind, "\(context): \(variant) should be a \(kind) error, got \(error.kind)")
            }
            if let status = (expect["http_status"] as? NSNumber)?.intValue, let kind = Self.kindByStatus[status] {
                #expect(error.kind == kind, "\(context): status \(status) means a \(kind) error, got \(error)")
            }
            if let shape = expect["message_shape"] as? String {
                #expect(error.description.contains(shape), "\(context): message \(error.description) lacks \(shape)")
            }
            if let details = expect["error_details"] as? Object {
                if let removed = details["removed_handlers"] as? [String] {
                    let found = error.violations.filter { $0.rule == .handlerRemoved }.compactMap(\.handler)
                    #expect(Set(found) == Set(removed), "\(context): removed handlers \(found)")
                    #expect(error.violations.allSatisfy { $0.service == details["service"] as? String }, "\(context): violation service")
                }
                if let min = details["min_version"] as? NSNumber, let max = details["max_version"] as? NSNumber {
                    #expect(error.message.contains("[\(min), \(max)]"), "\(context): \(error.message)")
                }
            }
            return
        }
        if let result = expect["result"] as? String, case .registered(let registered) = outcome {
            #expect(registered.result.rawValue == result, "\(context): result")
        }
        let outcomeID: DeploymentID? = {
            switch outcome {
            case .registered(let r): return r.deployment.id
            case .updated(let d): return d.id
            default: return nil
            }
        }()
        if let label = expect["deployment_id"] as? String {
            #expect(outcomeID != nil && outcomeID == labels[label], "\(context): deployment id should be \(label)")
        }
        if let label = expect["deployment_id_differs_from"] as? String {
            #expect(outcomeID != labels[label], "\(context): deployment id should differ from \(label)")
        }
        if let address = expect["deployment_address"] as? Object, case .registered(let registered) = outcome {
            if let arn = address["arn"] as? String, case .lambda(let stored, _, _) = registered.deployment.address {
                #expect(stored.description == arn, "\(context): arn")
            } else if let uri = address["uri"] as? String, case .http(let stored, _, _) = registered.deployment.address {
                #expect(stored.identityKey == (try DeploymentURI(parsing: uri)).identityKey, "\(context): uri")
            } else {
                Issue.record("\(context): unexpected address \(registered.deployment.address)")
            }
        }
        if let increased = expect["schema_version_increased"] as? Bool {
            #expect((versionAfter > versionBefore) == increased, "\(context): schema version \(versionBefore) → \(versionAfter)")
        }
        if let services = expect["services"] as? [String: Object] {
            for (name, fields) in services { try await checkService(name, fields, context: context) }
        }
        for name in expect["absent_services"] as? [String] ?? [] {
            await #expect(throws: AdminError.self, "\(context): \(name) should be absent") { try await service.service(name) }
        }
        for label in expect["deployments_absent"] as? [String] ?? [] {
            let id = try #require(labels[label])
            #expect(try await storage.deployment(id) == nil, "\(context): \(label) should be gone")
        }
        try await checkDeployments(expect, context: context)
        try await checkInvocationTargets(expect, context: context)
        if let returned = expect["returned_services"] as? [String], case .registered(let registered) = outcome {
            #expect(Set(registered.deployment.services.keys) == Set(returned), "\(context): returned services")
        }
    }

    private func checkService(_ name: String, _ fields: Object, context: String) async throws {
        let metadata: ServiceMetadata
        do { metadata = try await service.service(name) } catch {
            Issue.record("\(context): service \(name) not found: \(error)")
            return
        }
        let ctx = "\(context) \(name)"
        if let revision = fields["revision"] as? NSNumber { #expect(metadata.revision == revision.uint32Value, "\(ctx): revision") }
        if let ty = fields["ty"] as? String { #expect(metadata.ty.rawValue == ty, "\(ctx): ty") }
        if let handlers = fields["handlers"] as? [String] { #expect(Set(metadata.handlers.map(\.name)) == Set(handlers), "\(ctx): handlers") }
        if let label = fields["deployment"] as? String {
            #expect(
                labels[label] == metadata.deploymentID, "\(ctx): deployment should be \(label), is \(self.label(of: metadata.deploymentID) ?? "?")")
        }
        if let isPublic = fields["public"] as? Bool { #expect(metadata.isPublic == isPublic, "\(ctx): public") }
        let durations: [(String, RestateDuration?)] = [
            ("idempotency_retention_ms", metadata.idempotencyRetention), ("journal_retention_ms", metadata.journalRetention),
            ("workflow_completion_retention_ms", metadata.workflowCompletionRetention),
            ("inactivity_timeout_ms", metadata.inactivityTimeout), ("abort_timeout_ms", metadata.abortTimeout),
        ]
        for (key, value) in durations where fields.keys.contains(key) {
            let expected = (fields[key] as? NSNumber).map { RestateDuration.milliseconds($0.uint64Value) }
            #expect(value == expected, "\(ctx): \(key) is \(value.map(\.description) ?? "nil")")
        }
        let messages = metadata.info.map(\.message)
        for text in fields["info_contains"] as? [String] ?? [] {
            #expect(messages.contains { $0.contains(text) }, "\(ctx): info lacks \(text): \(messages)")
        }
        if let all = fields["info_contains_all"] as? [String] {
            #expect(messages.contains { m in all.allSatisfy { m.contains($0) } }, "\(ctx): no info with all of \(all)")
        }
        if let codes = fields["info_codes"] as? [String] { #expect(Set(metadata.info.compactMap(\.code)) == Set(codes), "\(ctx): info codes") }
        if let types = fields["handler_types"] as? Object {
            for (handler, ty) in types {
                let found = metadata.handlers.first { $0.name == handler }
                #expect(found != nil && found?.ty?.adminName == ty as? String, "\(ctx): handler \(handler) type")
            }
        }
        if let details = fields["handlers_detail"] as? [String: Object] {
            for (handler, detail) in details {
                let found = try #require(metadata.handlers.first { $0.name == handler }, "\(ctx): handler \(handler)")
                if detail.keys.contains("journal_retention_ms") {
                    let expected = (detail["journal_retention_ms"] as? NSNumber).map { RestateDuration.milliseconds($0.uint64Value) }
                    #expect(found.journalRetention == expected, "\(ctx): \(handler) journal retention")
                }
                for text in detail["info_contains"] as? [String] ?? [] {
                    #expect(found.info.contains { $0.message.contains(text) }, "\(ctx): \(handler) info lacks \(text)")
                }
            }
        }
    }

    private func checkDeployments(_ expect: Object, context: String) async throws {
        if let copies = expect["deployment_services"] as? [String: [String: Object]] {
            for (label, services) in copies {
                let id = try #require(labels[label], "\(context): unknown label \(label)")
                let deployment = try #require(try await storage.deployment(id), "\(context): \(label)")
                for (name, fields) in services {
                    let copy = try #require(deployment.services[name], "\(context): \(label) lacks \(name)")
                    if let revision = fields["revision"] as? NSNumber {
                        #expect(copy.revision == revision.uint32Value, "\(context): \(label).\(name) revision")
                    }
                    if let count = fields["handlers_count"] as? NSNumber {
                        #expect(copy.handlers.count == count.intValue, "\(context): handlers count")
                    }
                    if let isPublic = fields["public"] as? Bool { #expect(copy.isPublic == isPublic, "\(context): copy public") }
                }
            }
        }
        if let deployments = expect["deployments"] as? [String: Object] {
            for (label, fields) in deployments {
                let id = try #require(labels[label], "\(context): unknown label \(label)")
                let deployment = try #require(try await storage.deployment(id), "\(context): \(label)")
                for header in fields["additional_headers_contain"] as? [String] ?? [] {
                    #expect(deployment.additionalHeaders[header.lowercased()] != nil, "\(context): \(label) lacks header \(header)")
                }
                if let other = fields["same_address_type_as"] as? String {
                    let otherID = try #require(labels[other])
                    let peer = try #require(try await storage.deployment(otherID))
                    #expect(deployment.address == peer.address, "\(context): \(label) address differs from \(other)")
                }
            }
        }
    }

    private func checkInvocationTargets(_ expect: Object, context: String) async throws {
        if let targets = expect["invocation_targets"] as? [String: Object] {
            for (path, fields) in targets {
                let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
                let target = try await service.invocationTarget(service: parts[0], handler: parts.count > 1 ? parts[1] : "")
                if let exists = fields["exists"] as? Bool { #expect((target != nil) == exists, "\(context): \(path) exists") }
                guard let target else {
                    if fields["exists"] as? Bool != false { Issue.record("\(context): \(path) does not resolve") }
                    continue
                }
                if let isPublic = fields["public"] as? Bool { #expect(target.isPublic == isPublic, "\(context): \(path) public") }
                for (key, withKey) in [("retention_without_idempotency_key", false), ("retention_with_idempotency_key", true)] {
                    guard let expected = fields[key] as? Object else { continue }
                    let (completion, journal) = target.retention(withIdempotencyKey: withKey)
                    #expect(
                        completion.totalMilliseconds == (expected["completion_retention_ms"] as? NSNumber)?.uint64Value,
                        "\(context): \(path) \(key) completion \(completion)")
                    #expect(
                        journal.totalMilliseconds == (expected["journal_retention_ms"] as? NSNumber)?.uint64Value,
                        "\(context): \(path) \(key) journal \(journal)")
                }
                if let ms = fields["target_completion_retention_ms"] as? NSNumber {
                    #expect(target.completionRetention.totalMilliseconds == ms.uint64Value, "\(context): \(path) target completion")
                }
                if let ms = fields["target_journal_retention_ms"] as? NSNumber {
                    #expect(target.journalRetention.totalMilliseconds == ms.uint64Value, "\(context): \(path) target journal")
                }
            }
        }
        if let options = expect["attempt_options"] as? [String: [String: Object]] {
            for (label, targets) in options {
                let id = try #require(labels[label])
                for (path, fields) in targets {
                    let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
                    let found = try #require(
                        try await service.attemptOptions(deployment: id, service: parts[0], handler: parts[1]), "\(context): \(path)")
                    let pairs: [(String, RestateDuration?)] = [
                        ("abort_timeout_ms", found.abortTimeout), ("inactivity_timeout_ms", found.inactivityTimeout),
                    ]
                    for (key, value) in pairs where fields.keys.contains(key) {
                        #expect(value?.totalMilliseconds == (fields[key] as? NSNumber)?.uint64Value, "\(context): \(path) \(key)")
                    }
                    if fields.keys.contains("enable_lazy_state") {
                        #expect(found.enableLazyState == fields["enable_lazy_state"] as? Bool, "\(context): lazy state")
                    }
                }
            }
        }
    }
}
