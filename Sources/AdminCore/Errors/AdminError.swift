/// The single error type of the admin control plane.
///
/// An `AdminError` carries a domain ``Kind`` (never an HTTP status: the HTTP adapter maps kinds to
/// statuses in one place), an optional Restate `META` code, and a human-readable message. When a code
/// is present, ``description`` renders as `[META0006] message`, the way Restate prefixes its errors.
public struct AdminError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A Restate error code such as `META0006`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code as Restate spells it, e.g. `"META0006"`.
        public let rawValue: String
        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's spelling.
        public var description: String { rawValue }

        /// Discovery could not reach the endpoint or got a non-2xx status.
        public static let meta0003 = Code(rawValue: "META0003")
        /// Reserved service name.
        public static let meta0005 = Code(rawValue: "META0005")
        /// Breaking change: service type changed or handlers removed.
        public static let meta0006 = Code(rawValue: "META0006")
        /// Invalid subscription.
        public static let meta0009 = Code(rawValue: "META0009")
        /// The SDK's protocol range does not overlap the server's.
        public static let meta0012 = Code(rawValue: "META0012")
        /// Bad discovery response.
        public static let meta0013 = Code(rawValue: "META0013")
        /// The endpoint probably speaks HTTP/1.1 only.
        public static let meta0014 = Code(rawValue: "META0014")
        /// Bidirectional mode over a transport that cannot carry it.
        public static let meta0015 = Code(rawValue: "META0015")
        /// An update changed the supported protocol range.
        public static let meta0016 = Code(rawValue: "META0016")
    }

    /// What went wrong, in domain terms. The HTTP adapter maps each kind to a status.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidArgument, notFound, conflict, unsupported, discovery, storage, `internal`
            case precondition, notImplemented, tooEarly, gone, unprocessable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The kind's name.
        public var description: String { value.rawValue }

        /// The request is invalid (bad field, failed validation rule).
        public static let invalidArgument = Kind(.invalidArgument)
        /// A named resource does not exist.
        public static let notFound = Kind(.notFound)
        /// The request conflicts with the current state (breaking change, already completed, …).
        public static let conflict = Kind(.conflict)
        /// The operation is not allowed in this form (e.g. a deprecated method).
        public static let unsupported = Kind(.unsupported)
        /// Calling the deployment's discovery endpoint failed or returned something unusable.
        public static let discovery = Kind(.discovery)
        /// The storage backend failed (I/O, corruption, full disk).
        public static let storage = Kind(.storage)
        /// An unexpected internal failure.
        public static let `internal` = Kind(.internal)
        /// A precondition on the current state does not hold (e.g. a state version mismatch).
        public static let precondition = Kind(.precondition)
        /// The operation exists but is not implemented.
        public static let notImplemented = Kind(.notImplemented)
        /// The target is not ready for the operation yet (e.g. an invocation still inboxed).
        public static let tooEarly = Kind(.tooEarly)
        /// The data the operation needs is gone (e.g. a purged journal).
        public static let gone = Kind(.gone)
        /// The request is well-formed but cannot be processed (e.g. an unsupported restart).
        public static let unprocessable = Kind(.unprocessable)
    }

    /// The domain kind.
    public let kind: Kind
    /// The Restate code, or `nil` where Restate reports none.
    public let code: Code?
    /// The message without the code prefix.
    public let message: String
    /// Structured details of a breaking-change refusal (META0006); empty otherwise.
    public let violations: [BreakingChange]

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the domain kind.
    ///   - code: the Restate code, if any.
    ///   - message: the message, without the `[CODE]` prefix.
    ///   - violations: breaking-change details, for META0006.
    public init(_ kind: Kind, code: Code? = nil, _ message: String, violations: [BreakingChange] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.violations = violations
    }

    /// The message as Restate renders it: `[CODE] message` when a code is present.
    public var description: String {
        if let code { return "[\(code.rawValue)] \(message)" }
        return message
    }
}

extension AdminError.Code {
    /// Lets `catch AdminError.Code.meta0006` style matching work on errors.
    public static func ~= (pattern: AdminError.Code, value: any Error) -> Bool {
        (value as? AdminError)?.code == pattern
    }
}
