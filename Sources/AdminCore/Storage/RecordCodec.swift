import Foundation

/// How a durable backend turns records into bytes and back: JSON written in one pass by
/// ``JSONStreamEncoder`` (members in declaration order, dictionary keys sorted, so equal records
/// are equal bytes), ids as their text, and ``AdminError``s of kind `.storage` that name the
/// damaged record and the file for anything that does not decode.
///
/// Shared by the SQLite and LMDB backends; a third-party backend may use it too.
public struct RecordCodec {
    /// Where the records live (a file or a directory), named in every error.
    public let location: String
    private let decoder = JSONDecoder()

    /// Creates a codec for the records in `location`.
    public init(location: String) {
        self.location = location
    }

    /// The bytes of `value`.
    /// - Throws: ``AdminError`` (`.storage`) when the value cannot be encoded.
    public func encode(_ value: some Encodable) throws(AdminError) -> [UInt8] {
        do { return try JSONStreamEncoder.encode(value, reservingCapacity: 1_024) } catch {
            throw AdminError(.storage, "cannot encode \(type(of: value)): \(error) (\(location))")
        }
    }

    /// The record of type `type` in `bytes`.
    /// - Throws: ``AdminError`` (`.storage`) naming the record type when the bytes do not decode.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(AdminError) -> T {
        do { return try decoder.decode(type, from: Data(bytes)) } catch {
            throw AdminError(.storage, "corrupt \(type) record: \(error) (\(location))")
        }
    }

    /// The id stored as `text`.
    /// - Throws: ``AdminError`` (`.storage`) when the text is not such an id.
    public func id<ID: ResourceID>(_ text: String) throws(AdminError) -> ID {
        do { return try ID(parsing: text) } catch { throw corrupt("id '\(text)': \(error.message)") }
    }

    /// The error for a damaged part of the store: `corrupt <what> (<location>)`.
    public func corrupt(_ what: String) -> AdminError {
        AdminError(.storage, "corrupt \(what) (\(location))")
    }
}
