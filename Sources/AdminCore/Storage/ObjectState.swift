/// The stored state of one virtual object or workflow instance, as
/// ``StorageReader/allServiceStates()`` lists it.
public struct ObjectState: Hashable, Sendable {
    /// The service name.
    public var service: String
    /// The object key.
    public var key: String
    /// The state's entries: name to value bytes (never empty in a listing).
    public var entries: [String: [UInt8]]

    /// Creates the state of object `key` of `service`.
    public init(service: String, key: String, entries: [String: [UInt8]]) {
        self.service = service
        self.key = key
        self.entries = entries
    }

    /// The listing order: by service, then by key.
    public static func listedBefore(_ a: ObjectState, _ b: ObjectState) -> Bool { (a.service, a.key) < (b.service, b.key) }
}
