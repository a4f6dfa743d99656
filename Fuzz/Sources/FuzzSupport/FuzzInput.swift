import CLibFuzzer

/// What the fuzz targets share: the input as bytes or text, and the property check.
public enum FuzzInput {
    /// The input libFuzzer passes to `LLVMFuzzerTestOneInput`, copied into an array.
    /// - Parameters:
    ///   - start: the first byte (any pointer when `count` is zero).
    ///   - count: the number of bytes.
    /// - Returns: the bytes.
    public static func bytes(_ start: UnsafeRawPointer, _ count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The input as text: invalid UTF-8 is replaced with U+FFFD, as a server decoding a request would.
    /// - Parameter bytes: the input.
    /// - Returns: the text.
    public static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Fails the run (libFuzzer records the input as a crash) when a property does not hold.
    /// - Parameters:
    ///   - condition: the property.
    ///   - message: what went wrong, printed before the process stops.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("property failed: \(message())") }
    }

    /// Runs libFuzzer's driver (flags, corpus, mutations) on `callback`, the target's
    /// `LLVMFuzzerTestOneInput`. SwiftPM links an executable's `main` to `<Module>_main`, so each
    /// target defines that symbol and calls this; without the renaming, libFuzzer's own `main` runs.
    /// - Parameters:
    ///   - argc: the argument count.
    ///   - argv: the arguments.
    ///   - callback: the function libFuzzer calls with each input.
    /// - Returns: the process's exit status.
    public static func runDriver(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var count = argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
