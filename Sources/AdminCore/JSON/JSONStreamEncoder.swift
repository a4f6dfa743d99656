/// Encodes an `Encodable` value straight to compact JSON bytes, in one pass: members are written
/// in the order the value encodes them (as serde does), string-keyed dictionaries with their keys
/// sorted (so equal values give equal bytes), and no intermediate tree is built, so encoding a
/// large document costs one growing byte buffer.
///
/// Containers must be used in order, as synthesized and hand-written `encode(to:)` methods do: a
/// nested container is finished before its parent writes again. `superEncoder` is not supported.
public enum JSONStreamEncoder {
    /// The JSON bytes of `value`.
    /// - Parameters:
    ///   - value: the value to encode.
    ///   - capacity: the bytes to reserve up front.
    /// - Throws: `EncodingError` for a non-finite number or an unsupported use of the encoder, and
    ///   whatever `value`'s `encode(to:)` throws.
    public static func encode(_ value: some Encodable, reservingCapacity capacity: Int = 256) throws -> [UInt8] {
        let writer = JSONByteWriter(capacity: capacity)
        try writer.encodeValue(value, codingPath: [])
        writer.closeFrames(downTo: 0)
        return writer.bytes
    }
}

/// The output and the stack of open objects and arrays.
final class JSONByteWriter {
    private(set) var bytes: [UInt8]
    /// Open containers, outermost first: whether each is an object, and how many members it has.
    private var frames: [(isObject: Bool, count: Int)] = []

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var depth: Int { frames.count }

    /// Closes the containers above `depth` (a parent writing again ends its children).
    func closeFrames(downTo depth: Int) {
        while frames.count > depth {
            bytes.append(frames.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func open(object: Bool) {
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append((object, 0))
    }

    /// Starts the next member of the object at `depth` (its key) or element of the array there.
    func beginMember(at depth: Int, key: String?) {
        closeFrames(downTo: depth)
        guard depth > 0 else { return }
        if frames[depth - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[depth - 1].count += 1
        if let key {
            writeString(key)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    func writeRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` as the inside of a JSON string: the runs that need no escape are copied
    /// whole, and only `"`, `\\` and control characters are escaped.
    private func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
            appendEscape(byte)
            start = index + 1
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }

    /// The escape sequence of one byte that JSON does not allow raw inside a string.
    private func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// Writes a ``JSONValue`` as its `Encodable` conformance would (objects with sorted keys),
    /// without boxing each member into an existential and a container.
    func writeJSON(_ value: JSONValue, codingPath: [any CodingKey]) throws {
        switch value {
        case .null: writeRaw("null")
        case .bool(let flag): writeRaw(flag ? "true" : "false")
        case .int(let number): writeRaw(String(number))
        case .double(let number): try writeDouble(number, codingPath: codingPath)
        case .string(let text): writeString(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try writeJSON(element, codingPath: codingPath)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if let member = members[key] { try writeJSON(member, codingPath: codingPath) }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    func writeDouble(_ value: Double, codingPath: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        writeRaw(value.description)
    }

    /// Writes any value at the current position (after its member or element was begun).
    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        // The common leaves first, by type identity (cheaper than dynamic casts).
        if T.self == String.self { return writeString(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return writeRaw(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return writeRaw(unsafeBitCast(value, to: Bool.self) ? "true" : "false") }
        // JSON schemas and other free-form JSON: written directly, not through the containers.
        if T.self == JSONValue.self { return try writeJSON(unsafeBitCast(value, to: JSONValue.self), codingPath: codingPath) }
        switch value {
        case let text as String: writeString(text)
        case let flag as Bool: writeRaw(flag ? "true" : "false")
        case let number as Int: writeRaw(String(number))
        case let number as any FixedWidthInteger: writeRaw("\(number)")
        case let number as Double: try writeDouble(number, codingPath: codingPath)
        case let number as Float: try writeDouble(Double(number), codingPath: codingPath)
        case let dictionary as [String: any Encodable]:
            // Sorted, so that equal dictionaries give equal bytes.
            let depth = self.depth
            open(object: true)
            for (key, member) in dictionary.sorted(by: { $0.key < $1.key }) {
                beginMember(at: depth + 1, key: key)
                try encodeValue(member, codingPath: codingPath + [StreamKey(key)])
            }
            closeFrames(downTo: depth)
        default:
            let depth = self.depth
            let start = bytes.count
            let encoder = JSONByteEncoder(writer: self, depth: depth, codingPath: codingPath)
            try value.encode(to: encoder)
            if bytes.count == start { writeRaw("{}") }
            closeFrames(downTo: depth)
        }
    }
}

/// A coding key for sorted dictionary members.
struct StreamKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// The `Encoder` one value is encoded with; its container opens at `depth`.
struct JSONByteEncoder: Encoder {
    let writer: JSONByteWriter
    let depth: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Opens the value's object, or reuses it when the value asks twice.
    private func openContainer(object: Bool) {
        if writer.depth == depth { writer.open(object: object) }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        openContainer(object: true)
        return KeyedEncodingContainer(KeyedStreamContainer<Key>(writer: writer, depth: depth + 1, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        openContainer(object: false)
        return UnkeyedStreamContainer(writer: writer, depth: depth + 1, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueStreamContainer(writer: writer, codingPath: codingPath)
    }
}

private struct KeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    /// The depth of this container's members.
    let depth: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw("null")
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        try writer.encodeValue(value, codingPath: codingPath + [key])
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeString(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(value ? "true" : "false")
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(String(value))
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(String(value))
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(String(value))
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(String(value))
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.writeRaw(String(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.open(object: true)
        return KeyedEncodingContainer(KeyedStreamContainer<NestedKey>(writer: writer, depth: depth + 1, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.beginMember(at: depth, key: key.stringValue)
        writer.open(object: false)
        return UnkeyedStreamContainer(writer: writer, depth: depth + 1, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { UnsupportedEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { UnsupportedEncoder(codingPath: codingPath + [key]) }
}

private struct UnkeyedStreamContainer: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let depth: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(writer: JSONByteWriter, depth: Int, codingPath: [any CodingKey]) {
        self.writer = writer
        self.depth = depth
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws {
        writer.beginMember(at: depth, key: nil)
        writer.writeRaw("null")
        count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginMember(at: depth, key: nil)
        try writer.encodeValue(value, codingPath: codingPath + [StreamKey("\(count)")])
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginMember(at: depth, key: nil)
        writer.open(object: true)
        count += 1
        return KeyedEncodingContainer(KeyedStreamContainer<NestedKey>(writer: writer, depth: depth + 1, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginMember(at: depth, key: nil)
        writer.open(object: false)
        count += 1
        return UnkeyedStreamContainer(writer: writer, depth: depth + 1, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { UnsupportedEncoder(codingPath: codingPath) }
}

private struct SingleValueStreamContainer: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { writer.writeRaw("null") }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value, codingPath: codingPath) }
}

/// The encoder handed out for `superEncoder`, which a streaming encoder cannot place.
private struct UnsupportedEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        preconditionFailure("JSONStreamEncoder does not support superEncoder (at \(codingPath.map(\.stringValue)))")
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("JSONStreamEncoder does not support superEncoder (at \(codingPath.map(\.stringValue)))")
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        preconditionFailure("JSONStreamEncoder does not support superEncoder (at \(codingPath.map(\.stringValue)))")
    }
}
