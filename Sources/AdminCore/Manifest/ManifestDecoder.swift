/// A manifest decoding failure: where (a path such as `services[0].handlers[1].name`) and what,
/// worded like serde's messages.
struct ManifestDecodingError: Error {
    let path: String
    let message: String

    /// `<path>: <message>`, or the message alone at the top level.
    var reason: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Maps a parsed JSON document onto the manifest types, as strictly as Restate's generated decoder.
///
/// Members are visited in document order, so the first offending member is reported; missing
/// required fields are reported once the object has been read.
enum ManifestDecoder {
    typealias Failure = ManifestDecodingError

    // Field lists, in the order of the generated Rust structs (alphabetical by Rust field name).
    static let endpointFields = ["lambdaCompression", "maxProtocolVersion", "minProtocolVersion", "protocolMode", "services"]
    static let retryFields = [
        "retryPolicyExponentiationFactor", "retryPolicyInitialInterval", "retryPolicyMaxAttempts",
        "retryPolicyMaxInterval", "retryPolicyOnMaxAttempts",
    ]
    static let serviceFields =
        [
            "abortTimeout", "documentation", "enableLazyState", "handlers", "idempotencyRetention",
            "inactivityTimeout", "ingressPrivate", "journalRetention", "metadata", "name",
        ] + retryFields + ["ty"]
    static let handlerFields =
        [
            "abortTimeout", "documentation", "enableLazyState", "idempotencyRetention", "inactivityTimeout",
            "ingressPrivate", "input", "journalRetention", "metadata", "name", "output",
        ] + retryFields + ["ty", "workflowCompletionRetention"]
    static let inputFields = ["contentType", "jsonSchema", "required"]
    static let outputFields = ["contentType", "jsonSchema", "setContentTypeIfEmpty"]

    static func endpoint(_ json: ParsedJSON) throws(Failure) -> EndpointManifest {
        var mode: ProtocolMode?
        var minVersion: UInt64?
        var maxVersion: UInt64?
        var services: [ManifestService]?
        var compression: LambdaCompression?
        try readObject(json, path: "", type: "Endpoint", fields: endpointFields) { key, value, path throws(Failure) in
            switch key {
            case "protocolMode": mode = try optionalEnum(value, path: path, type: "ProtocolMode")
            case "minProtocolVersion": minVersion = try unsigned(value, path: path, nonZero: true)
            case "maxProtocolVersion": maxVersion = try unsigned(value, path: path, nonZero: true)
            case "lambdaCompression": compression = try optionalEnum(value, path: path, type: "EndpointLambdaCompression")
            default: services = try sequence(value, path: path) { item, itemPath throws(Failure) in try service(item, path: itemPath) }
            }
        }
        guard let maxVersion else { throw missing("maxProtocolVersion", at: "") }
        guard let minVersion else { throw missing("minProtocolVersion", at: "") }
        guard let services else { throw missing("services", at: "") }
        return EndpointManifest(
            protocolMode: mode, minProtocolVersion: minVersion, maxProtocolVersion: maxVersion,
            services: services, lambdaCompression: compression
        )
    }

    static func service(_ json: ParsedJSON, path objectPath: String) throws(Failure) -> ManifestService {
        var name: String?
        var ty: ServiceType?
        var handlers: [ManifestHandler]?
        var result = ManifestService(name: "", ty: .service)
        try readObject(json, path: objectPath, type: "Service", fields: serviceFields) { key, value, path throws(Failure) in
            switch key {
            case "name": name = try self.name(value, path: path, pattern: ManifestService.namePattern, valid: ManifestService.isValidName)
            case "ty": ty = try requiredEnum(value, path: path, type: "ServiceType")
            case "handlers": handlers = try sequence(value, path: path) { item, itemPath throws(Failure) in try handler(item, path: itemPath) }
            case "documentation": result.documentation = try optionalString(value, path: path)
            case "metadata": result.metadata = try metadata(value, path: path)
            case "inactivityTimeout": result.inactivityTimeoutMs = try optionalUnsigned(value, path: path)
            case "abortTimeout": result.abortTimeoutMs = try optionalUnsigned(value, path: path)
            case "journalRetention": result.journalRetentionMs = try optionalUnsigned(value, path: path)
            case "idempotencyRetention": result.idempotencyRetentionMs = try optionalUnsigned(value, path: path)
            case "enableLazyState": result.enableLazyState = try optionalBool(value, path: path)
            case "ingressPrivate": result.ingressPrivate = try optionalBool(value, path: path)
            default: try retryField(key, value, path: path, into: &result.retryPolicy)
            }
        }
        guard let handlers else { throw missing("handlers", at: objectPath) }
        guard let name else { throw missing("name", at: objectPath) }
        guard let ty else { throw missing("ty", at: objectPath) }
        result.name = name
        result.ty = ty
        result.handlers = handlers
        return result
    }

    static func handler(_ json: ParsedJSON, path objectPath: String) throws(Failure) -> ManifestHandler {
        var name: String?
        var result = ManifestHandler(name: "")
        try readObject(json, path: objectPath, type: "Handler", fields: handlerFields) { key, value, path throws(Failure) in
            switch key {
            case "name": name = try self.name(value, path: path, pattern: ManifestHandler.namePattern, valid: ManifestHandler.isValidName)
            case "ty": result.ty = try optionalEnum(value, path: path, type: "HandlerType")
            case "input": result.input = try input(value, path: path)
            case "output": result.output = try output(value, path: path)
            case "documentation": result.documentation = try optionalString(value, path: path)
            case "metadata": result.metadata = try metadata(value, path: path)
            case "inactivityTimeout": result.inactivityTimeoutMs = try optionalUnsigned(value, path: path)
            case "abortTimeout": result.abortTimeoutMs = try optionalUnsigned(value, path: path)
            case "journalRetention": result.journalRetentionMs = try optionalUnsigned(value, path: path)
            case "idempotencyRetention": result.idempotencyRetentionMs = try optionalUnsigned(value, path: path)
            case "workflowCompletionRetention": result.workflowCompletionRetentionMs = try optionalUnsigned(value, path: path)
            case "enableLazyState": result.enableLazyState = try optionalBool(value, path: path)
            case "ingressPrivate": result.ingressPrivate = try optionalBool(value, path: path)
            default: try retryField(key, value, path: path, into: &result.retryPolicy)
            }
        }
        guard let name else { throw missing("name", at: objectPath) }
        result.name = name
        return result
    }

    static func input(_ json: ParsedJSON, path objectPath: String) throws(Failure) -> InputPayload? {
        if case .null = json { return nil }
        var result = InputPayload()
        try readObject(json, path: objectPath, type: "InputPayload", fields: inputFields) { key, value, path throws(Failure) in
            switch key {
            case "required": result.required = try optionalBool(value, path: path)
            case "contentType": result.contentType = try optionalString(value, path: path)
            default: result.jsonSchema = schema(value)
            }
        }
        return result
    }

    static func output(_ json: ParsedJSON, path objectPath: String) throws(Failure) -> OutputPayload? {
        if case .null = json { return nil }
        var result = OutputPayload()
        try readObject(json, path: objectPath, type: "OutputPayload", fields: outputFields) { key, value, path throws(Failure) in
            switch key {
            case "setContentTypeIfEmpty": result.setContentTypeIfEmpty = try optionalBool(value, path: path)
            case "contentType": result.contentType = try optionalString(value, path: path)
            default: result.jsonSchema = schema(value)
            }
        }
        return result
    }

    static func retryField(_ key: String, _ value: ParsedJSON, path: String, into policy: inout ManifestRetryPolicy) throws(Failure) {
        switch key {
        case "retryPolicyInitialInterval": policy.initialIntervalMs = try optionalUnsigned(value, path: path)
        case "retryPolicyMaxInterval": policy.maxIntervalMs = try optionalUnsigned(value, path: path)
        case "retryPolicyMaxAttempts": policy.maxAttempts = try optionalUnsigned(value, path: path)
        case "retryPolicyExponentiationFactor": policy.exponentiationFactor = try optionalDouble(value, path: path)
        default: policy.onMaxAttempts = try optionalEnum(value, path: path, type: "RetryPolicyOnMaxAttempts")
        }
    }
}
