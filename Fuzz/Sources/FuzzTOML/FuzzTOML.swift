import AdminTOML
import FuzzSupport

/// The TOML parser of `--config` files and of structured environment overrides (`TOMLParser`).
///
/// Properties: a document that parses, written back by ``TOMLWriter``, parses to an equal table;
/// each of its root values written inline parses back with `parseValue`; every refusal is a
/// `TOMLError` on a line of the input.
enum FuzzTOML {
    /// Runs the properties on one input.
    /// - Parameter bytes: the input, as UTF-8 text.
    static func check(_ bytes: [UInt8]) {
        let text = FuzzInput.text(bytes)
        _ = TOMLParser.parseValue(text)
        let root: [String: TOMLValue]
        do {
            root = try TOMLParser.parse(text)
        } catch let error as TOMLError {
            let lines = text.reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
            FuzzInput.require(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1...\(lines)")
            return
        } catch {
            FuzzInput.require(false, "unexpected error \(error)")
            return
        }
        guard !TOMLWriter.containsNaN(.table(root)) else { return }
        let written = TOMLWriter.document(root)
        do {
            let again = try TOMLParser.parse(written)
            FuzzInput.require(again == root, "written document parses differently:\n\(written)")
        } catch {
            FuzzInput.require(false, "written document does not parse (\(error)):\n\(written)")
        }
        for value in root.values {
            let inline = TOMLWriter.value(value)
            FuzzInput.require(TOMLParser.parseValue(inline) == value, "value \(inline) does not parse back")
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
    FuzzTOML.check(FuzzInput.bytes(start, count))
    return 0
}

/// The process's entry point: SwiftPM links `main` to this symbol; it runs libFuzzer on ``fuzz(_:_:)``.
/// - Parameters:
///   - argc: the argument count.
///   - argv: the arguments (libFuzzer's flags and corpus folders).
/// - Returns: the exit status.
@_cdecl("FuzzTOML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.runDriver(argc, argv) { data, count in fuzz(UnsafeRawPointer(data) ?? UnsafeRawPointer(bitPattern: 1)!, count) }
}
