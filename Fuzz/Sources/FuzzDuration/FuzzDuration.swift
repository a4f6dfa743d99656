import AdminCore
import FuzzSupport

/// The duration parser (`RestateDuration(parsing:)`: jiff's friendly format and ISO 8601).
///
/// Properties: a parsed duration is at most ``RestateDuration/maximum``; each of its printed forms
/// (compact, as in JSON; verbose and ISO 8601, as in the CLI) parses back to the same duration; the
/// compact form is stable; every refusal is an `invalidArgument` error with a message.
enum FuzzDuration {
    /// Runs the properties on one input.
    /// - Parameter bytes: the input, as UTF-8 text.
    static func check(_ bytes: [UInt8]) {
        let text = FuzzInput.text(bytes)
        let duration: RestateDuration
        do {
            duration = try RestateDuration(parsing: text)
        } catch {
            FuzzInput.require(error.kind == .invalidArgument && !error.message.isEmpty, "unexpected refusal \(error)")
            return
        }
        FuzzInput.require(duration <= .maximum, "\(duration) is above the maximum")
        for printed in [duration.description, duration.verboseDescription, duration.iso8601Description] {
            do {
                let again = try RestateDuration(parsing: printed)
                FuzzInput.require(again == duration, "'\(printed)' parses to \(again), not \(duration)")
                FuzzInput.require(again.description == duration.description, "printing '\(printed)' is not stable")
            } catch {
                FuzzInput.require(false, "printed form '\(printed)' of '\(text)' does not parse: \(error.message)")
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
    FuzzDuration.check(FuzzInput.bytes(start, count))
    return 0
}

/// The process's entry point: SwiftPM links `main` to this symbol; it runs libFuzzer on ``fuzz(_:_:)``.
/// - Parameters:
///   - argc: the argument count.
///   - argv: the arguments (libFuzzer's flags and corpus folders).
/// - Returns: the exit status.
@_cdecl("FuzzDuration_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.runDriver(argc, argv) { data, count in fuzz(UnsafeRawPointer(data) ?? UnsafeRawPointer(bitPattern: 1)!, count) }
}
