/// A `Decoder` over a ``ParsedJSON`` document, with serde's messages (see ``JSONBodyDecoder``).
struct ParsedJSONDecoder: Decoder {
    /// A failure and where it belongs, before it is given a line and column.
    struct Problem: Error {
        /// Which byte of the value at ``path`` serde reports.
        enum Anchor {
            /// The value's last byte (a scalar of the wrong type, a bad value, a missing field's `}`).
            case lastByte
            /// The byte before the value (an object or array where a scalar was expected).
            case beforeFirstByte
        }

        let path: [JSONPathComponent]
        let message: String
        let anchor: Anchor

        init(path: [JSONPathComponent], message: String, anchor: Anchor = .lastByte) {
            self.path = path
            self.message = message
            self.anchor = anchor
        }

        /// The problem behind any error a `Decodable` type threw.
        init(_ error: any Error) {
            switch error {
            case let problem as Problem:
                self = problem
            case DecodingError.keyNotFound(let key, let context):
                self.init(path: Self.path(context.codingPath), message: "missing field `\(key.stringValue)`")
            case DecodingError.valueNotFound(let type, let context):
                self.init(path: Self.path(context.codingPath), message: "invalid type: null, expected \(ParsedJSONDecoder.expected(type))")
            case DecodingError.typeMismatch(let type, let context):
                self.init(path: Self.path(context.codingPath), message: "invalid type, expected \(ParsedJSONDecoder.expected(type))")
            case DecodingError.dataCorrupted(let context):
                self.init(path: Self.path(context.codingPath), message: context.debugDescription)
            default:
                self.init(path: [], message: "\(error)")
            }
        }

        private static func path(_ codingPath: [any CodingKey]) -> [JSONPathComponent] {
            codingPath.map { key in
                if let key = key as? PathKey { return key.component }
                return key.intValue.map(JSONPathComponent.index) ?? .key(key.stringValue)
            }
        }
    }

    /// A coding key that remembers whether it names a member or an element.
    struct PathKey: CodingKey {
        let component: JSONPathComponent
        init(_ component: JSONPathComponent) { self.component = component }
        init?(stringValue: String) { component = .key(stringValue) }
        init?(intValue: Int) { component = .index(intValue) }
        var stringValue: String { component.description }
        var intValue: Int? {
            if case .index(let index) = component { return index }
            return nil
        }
    }

    let value: ParsedJSON
    let path: [JSONPathComponent]

    init(_ value: ParsedJSON, path: [JSONPathComponent]) {
        self.value = value
        self.path = path
    }

    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("a map") }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("a sequence") }
        return UnkeyedContainer(items: items, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValue(decoder: self) }

    /// serde's "invalid type: <found>, expected <expected>" for this value.
    func mismatch(_ expected: String) -> Problem {
        let anchor: Problem.Anchor
        switch value {
        case .object, .array: anchor = .beforeFirstByte
        default: anchor = .lastByte
        }
        return Problem(path: path, message: "invalid type: \(value.unexpectedDescription), expected \(expected)", anchor: anchor)
    }

    /// serde's name for what a Swift type expects.
    static func expected(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "a boolean"
        case is String.Type: return "a string"
        case is Double.Type: return "f64"
        case is Float.Type: return "f32"
        case is Int.Type, is Int64.Type: return "i64"
        case is Int32.Type: return "i32"
        case is Int16.Type: return "i16"
        case is Int8.Type: return "i8"
        case is UInt.Type, is UInt64.Type: return "u64"
        case is UInt32.Type: return "u32"
        case is UInt16.Type: return "u16"
        case is UInt8.Type: return "u8"
        default: return "a value of type \(type)"
        }
    }

    func decodeBool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }

    func decodeString() throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let expected = Self.expected(type)
        switch value {
        case .unsigned(let number):
            guard let exact = T(exactly: number) else {
                throw Problem(path: path, message: "invalid value: integer `\(number)`, expected \(expected)")
            }
            return exact
        case .negative(let number):
            guard let exact = T(exactly: number) else {
                throw Problem(path: path, message: "invalid value: integer `\(number)`, expected \(expected)")
            }
            return exact
        default:
            throw mismatch(expected)
        }
    }

    func decodeDouble() throws -> Double {
        switch value {
        case .unsigned(let number): return Double(number)
        case .negative(let number): return Double(number)
        case .float(let number): return number
        default: throw mismatch("f64")
        }
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Bool.Type: return try decodeBool() as! T
        case is String.Type: return try decodeString() as! T
        case is Double.Type: return try decodeDouble() as! T
        case is Float.Type: return Float(try decodeDouble()) as! T
        case is Int.Type: return try decodeInteger(Int.self) as! T
        case is Int64.Type: return try decodeInteger(Int64.self) as! T
        case is Int32.Type: return try decodeInteger(Int32.self) as! T
        case is Int16.Type: return try decodeInteger(Int16.self) as! T
        case is Int8.Type: return try decodeInteger(Int8.self) as! T
        case is UInt.Type: return try decodeInteger(UInt.self) as! T
        case is UInt64.Type: return try decodeInteger(UInt64.self) as! T
        case is UInt32.Type: return try decodeInteger(UInt32.self) as! T
        case is UInt16.Type: return try decodeInteger(UInt16.self) as! T
        case is UInt8.Type: return try decodeInteger(UInt8.self) as! T
        default: return try T(from: self)
        }
    }
}

/// An object's members; a repeated key counts once, with its last value, at its last place.
private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: ParsedJSON]
    let order: [String]
    let path: [JSONPathComponent]

    init(members list: [(key: String, value: ParsedJSON)], path: [JSONPathComponent]) {
        var members: [String: ParsedJSON] = [:]
        var last: [String: Int] = [:]
        for (offset, member) in list.enumerated() {
            members[member.key] = member.value
            last[member.key] = offset
        }
        self.members = members
        order = last.sorted { $0.value < $1.value }.map(\.key)
        self.path = path
    }

    var codingPath: [any CodingKey] { path.map(ParsedJSONDecoder.PathKey.init) }
    var allKeys: [Key] { order.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> ParsedJSONDecoder {
        guard let value = members[key.stringValue] else {
            throw ParsedJSONDecoder.Problem(path: path, message: "missing field `\(key.stringValue)`")
        }
        return ParsedJSONDecoder(value, path: path + [.key(key.stringValue)])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = members[key.stringValue] ?? .null { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).decodeDouble() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).decodeInteger(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try member(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { ParsedJSONDecoder(.object(members.map { ($0.key, $0.value) }), path: path) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try member(key) }
}

/// An array's elements, in order.
private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [ParsedJSON]
    let path: [JSONPathComponent]
    var currentIndex = 0

    init(items: [ParsedJSON], path: [JSONPathComponent]) {
        self.items = items
        self.path = path
    }

    var codingPath: [any CodingKey] { path.map(ParsedJSONDecoder.PathKey.init) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> ParsedJSONDecoder {
        guard !isAtEnd else {
            throw ParsedJSONDecoder.Problem(path: path, message: "invalid length \(items.count), expected more elements")
        }
        defer { currentIndex += 1 }
        return ParsedJSONDecoder(items[currentIndex], path: path + [.index(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// One value.
private struct SingleValue: SingleValueDecodingContainer {
    let decoder: ParsedJSONDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
}
