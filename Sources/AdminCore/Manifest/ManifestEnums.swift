/// How the SDK wants to be invoked (`protocolMode` in the manifest).
public enum ProtocolMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Bidirectional streaming (needs HTTP/1.1 or newer, never Lambda).
    case bidiStream = "BIDI_STREAM"
    /// One request, one response.
    case requestResponse = "REQUEST_RESPONSE"
}

/// Lambda response compression (`lambdaCompression` in the manifest).
public enum LambdaCompression: String, Hashable, Sendable, Codable, CaseIterable {
    /// zstd.
    case zstd = "zstd"
}

/// The kind of a service.
public enum ServiceType: String, Hashable, Sendable, Codable, CaseIterable {
    /// A stateless service.
    case service = "SERVICE"
    /// A keyed, stateful virtual object.
    case virtualObject = "VIRTUAL_OBJECT"
    /// A workflow.
    case workflow = "WORKFLOW"

    /// The Admin API spelling: `Service`, `VirtualObject`, `Workflow`.
    public var adminName: String {
        switch self {
        case .service: return "Service"
        case .virtualObject: return "VirtualObject"
        case .workflow: return "Workflow"
        }
    }
}

/// The kind of a handler.
public enum HandlerType: String, Hashable, Sendable, Codable, CaseIterable {
    /// The workflow's run handler.
    case workflow = "WORKFLOW"
    /// Exclusive access to the object's state.
    case exclusive = "EXCLUSIVE"
    /// Shared (read-only, concurrent) access.
    case shared = "SHARED"

    /// The Admin API spelling: `Workflow`, `Exclusive`, `Shared`.
    public var adminName: String {
        switch self {
        case .workflow: return "Workflow"
        case .exclusive: return "Exclusive"
        case .shared: return "Shared"
        }
    }
}

/// What happens when the retry policy's attempts are exhausted.
public enum OnMaxAttempts: String, Hashable, Sendable, Codable, CaseIterable {
    /// Pause the invocation.
    case pause = "PAUSE"
    /// Kill the invocation.
    case kill = "KILL"
}
