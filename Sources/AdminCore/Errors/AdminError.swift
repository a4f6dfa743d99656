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

    /// What went wrong, in domain terms: the situation, never how a transport answers it (the
    /// HTTP adapter's one mapping decides statuses).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidArgument, notFound, conflict, staleVersion, alreadyCompleted, notCompleted, notRunning
            case notReady, dataGone, notSupported, unavailable, discovery, storage, `internal`
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The kind's name.
        public var description: String { value.rawValue }

        /// The request is invalid (bad field, failed validation rule).
        public static let invalidArgument = Kind(.invalidArgument)
        /// A named resource does not exist.
        public static let notFound = Kind(.notFound)
        /// The request conflicts with the current state (a breaking change, an existing deployment,
        /// a deployment that cannot be changed now).
        public static let conflict = Kind(.conflict)
        /// A write named a version of the data that is no longer the current one.
        public static let staleVersion = Kind(.staleVersion)
        /// The invocation has already completed.
        public static let alreadyCompleted = Kind(.alreadyCompleted)
        /// The invocation has not completed yet (it is still running or waiting).
        public static let notCompleted = Kind(.notCompleted)
        /// The invocation is not running, so it cannot be paused.
        public static let notRunning = Kind(.notRunning)
        /// The invocation has not started yet (it is inboxed or scheduled).
        public static let notReady = Kind(.notReady)
        /// Data the operation needs no longer exists (an invocation's input, a purged journal).
        public static let dataGone = Kind(.dataGone)
        /// The operation is not supported for this target (restarting a workflow, an old protocol).
        public static let notSupported = Kind(.notSupported)
        /// The runtime that should carry out the request did not take it (an
        /// ``InvocationController`` refused or failed).
        public static let unavailable = Kind(.unavailable)
        /// Calling the deployment's discovery endpoint failed or returned something unusable.
        public static let discovery = Kind(.discovery)
        /// The storage backend failed (I/O, corruption, full disk).
        public static let storage = Kind(.storage)
        /// An unexpected internal failure.
        public static let `internal` = Kind(.internal)
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
