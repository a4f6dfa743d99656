/// An invocation id: `inv_1`, the 11-character base62 partition key, then the 22-character base62
/// invocation uuid (38 characters). The partition key comes first, so a string prefix identifies
/// the partition.
public struct InvocationID: ResourceID {
    /// The id prefix, `inv`.
    public static let prefix = "inv"

    /// The partition key.
    public let partitionKey: UInt64
    /// The invocation uuid (a ULID-like 128-bit value).
    public let invocationUUID: UInt128

    /// Creates an id from its parts.
    public init(partitionKey: UInt64, invocationUUID: UInt128) {
        self.partitionKey = partitionKey
        self.invocationUUID = invocationUUID
    }

    /// Parses `inv_1…` with Restate's reasons. Unlike deployment and subscription ids, characters
    /// after the 33-character payload are ignored (Restate does not check them).
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, message = the reason only.
    public init(parsing text: String) throws(AdminError) {
        var cursor = try ResourceIDCodec.payload(of: text, expecting: Self.prefix)
        let partitionKey = try cursor.nextUInt64()
        let uuid = try cursor.nextUInt128()
        self.init(partitionKey: partitionKey, invocationUUID: uuid)
    }

    /// The id text, `inv_1…`.
    public var description: String {
        ResourceIDCodec.render(Self.prefix, [.u64(partitionKey), .u128(invocationUUID)])
    }

    /// Orders by partition key, then uuid.
    public static func < (lhs: InvocationID, rhs: InvocationID) -> Bool {
        (lhs.partitionKey, lhs.invocationUUID) < (rhs.partitionKey, rhs.invocationUUID)
    }
}
