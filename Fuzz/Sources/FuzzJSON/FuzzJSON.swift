import AdminCore
import Foundation
import FuzzSupport

/// The JSON parser (`JSONValue.parse`, and `JSONBodyDecoder`, which reads request bodies).
///
/// Properties: a document that parses re-encodes (`jsonText`) to text that parses back to an equal
/// value and re-encodes to the same text; `JSONBodyDecoder` accepts exactly the documents the
/// parser accepts, and rejects the others as syntax errors; decoding a typed body (``JSONProbe``)
/// fails with a data error only on documents that parse, at a position inside the document.
enum FuzzJSON {
    /// Runs the properties on one input.
    /// - Parameter bytes: the input.
    static func check(_ bytes: [UInt8]) {
        let parsed: JSONValue?
        do {
            parsed = try JSONValue.parse(Data(bytes))
        } catch {
            FuzzInput.require(error.kind == .invalidArgument, "unexpected error kind \(error.kind)")
            parsed = nil
        }
        let decoded: Result<JSONValue, JSONBodyError> = Result { () throws(JSONBodyError) in
            try JSONBodyDecoder.decode(JSONValue.self, from: bytes)
        }
        checkTyped(bytes, parses: parsed != nil)
        guard let value = parsed else {
            guard case .failure(let error) = decoded else {
                FuzzInput.require(false, "JSONBodyDecoder accepted a document the parser refused")
                return
            }
            FuzzInput.require(error.category == .syntax, "a refused document is not a syntax error: \(error)")
            return
        }
        if case .failure(let error) = decoded {
            FuzzInput.require(false, "JSONBodyDecoder refused a document the parser accepted: \(error)")
        }
        let text = value.jsonText
        do {
            let again = try JSONValue.parse(Data(text.utf8))
            FuzzInput.require(again == value, "re-encoded value differs: \(text)")
            FuzzInput.require(again.jsonText == text, "re-encoding is not stable: \(text) vs \(again.jsonText)")
        } catch {
            FuzzInput.require(false, "re-encoded text does not parse (\(error.message)): \(text)")
        }
    }

    /// Decodes a ``JSONProbe``: a document the parser refuses is a syntax error; a position, when
    /// reported, is on a line of the document.
    /// - Parameters:
    ///   - bytes: the input.
    ///   - parses: whether the parser accepted it.
    static func checkTyped(_ bytes: [UInt8], parses: Bool) {
        do {
            _ = try JSONBodyDecoder.decode(JSONProbe.self, from: bytes)
            FuzzInput.require(parses, "a probe decoded from a document the parser refused")
        } catch {
            FuzzInput.require(parses == (error.category == .data), "category \(error.category) for a document that parses: \(parses)")
            let lines = bytes.count { $0 == UInt8(ascii: "\n") } + 1
            if let line = error.line, let column = error.column {
                FuzzInput.require(line >= 1 && line <= lines && column >= 0, "position \(line):\(column) outside the document")
            }
        }
    }
}

/// libFuzzer's entry point.
/// - Parameters:
///   - start: the input's first byte.
///   - count: its length.
/// - Returns: 0 (the input may be added to the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzJSON.check(FuzzInput.bytes(start, count))
    return 0
}

/// The process's entry point: SwiftPM links `main` to this symbol; it runs libFuzzer on ``fuzz(_:_:)``.
/// - Parameters:
///   - argc: the argument count.
///   - argv: the arguments (libFuzzer's flags and corpus folders).
/// - Returns: the exit status.
@_cdecl("FuzzJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.runDriver(argc, argv) { data, count in fuzz(UnsafeRawPointer(data) ?? UnsafeRawPointer(bitPattern: 1)!, count) }
}
