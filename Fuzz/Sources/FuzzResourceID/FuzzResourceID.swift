import AdminCore
import FuzzSupport

/// The resource-id parsers (`DeploymentID`, `SubscriptionID`, `InvocationID`: `<prefix>_1<base62>`).
///
/// Properties: an id that parses prints back to the same text (an invocation id: to the text's
/// first 38 bytes, since Restate ignores what follows); its printed form parses to an equal id;
/// every refusal is an `invalidArgument` error with one of Restate's reasons.
enum FuzzResourceID {
    /// Restate's parse reasons (BEHAVIOR.md §3).
    static let reasons: Set<String> = [
        "bad length", "base62 decode error", "bad format", "unrecognized codec version", "id doesn't match the expected type",
    ]

    /// Runs the properties on one input.
    /// - Parameter bytes: the input, as UTF-8 text.
    static func check(_ bytes: [UInt8]) {
        let text = FuzzInput.text(bytes)
        checkExact(DeploymentID.self, text)
        checkExact(SubscriptionID.self, text)
        do {
            let id = try InvocationID(parsing: text)
            let printed = id.description
            FuzzInput.require(printed.utf8.count == 38, "an invocation id prints as \(printed.utf8.count) bytes")
            FuzzInput.require(text.utf8.starts(with: printed.utf8), "'\(text)' prints as '\(printed)'")
            FuzzInput.require((try? InvocationID(parsing: printed)) == id, "'\(printed)' does not parse back")
        } catch {
            checkRefusal(error)
        }
    }

    /// An id kind whose text is exactly its printed form.
    /// - Parameters:
    ///   - type: the kind.
    ///   - text: the input.
    static func checkExact<ID: ResourceID>(_ type: ID.Type, _ text: String) {
        let id: ID
        do {
            id = try ID(parsing: text)
        } catch {
            checkRefusal(error)
            return
        }
        FuzzInput.require(id.description == text, "'\(text)' prints as '\(id.description)'")
    }

    /// A refusal names one of Restate's reasons.
    /// - Parameter error: the parser's error.
    static func checkRefusal(_ error: AdminError) {
        FuzzInput.require(
            error.kind == .invalidArgument && error.code == nil
                && (reasons.contains(error.message) || error.message.utf8.starts(with: "unrecognized resource type: ".utf8)),
            "unexpected refusal \(error)"
        )
    }
}

/// libFuzzer's entry point.
/// - Parameters:
///   - start: the input's first byte.
///   - count: its length.
/// - Returns: 0 (the input may be added to the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzResourceID.check(FuzzInput.bytes(start, count))
    return 0
}

/// The process's entry point: SwiftPM links `main` to this symbol; it runs libFuzzer on ``fuzz(_:_:)``.
/// - Parameters:
///   - argc: the argument count.
///   - argv: the arguments (libFuzzer's flags and corpus folders).
/// - Returns: the exit status.
@_cdecl("FuzzResourceID_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.runDriver(argc, argv) { data, count in fuzz(UnsafeRawPointer(data) ?? UnsafeRawPointer(bitPattern: 1)!, count) }
}
