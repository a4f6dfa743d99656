// swift-tools-version: 6.1
// libFuzzer targets for the parsers that read untrusted text: a separate package, so that
// `swift build` / `swift test` of the main package never compile them (nor with the fuzzer flag).
// Build and run only through Fuzz/run.sh, which passes `-sanitize=fuzzer` and `-parse-as-library`.
import PackageDescription

/// One executable per fuzz target; each defines `LLVMFuzzerTestOneInput`, and `<Target>_main`,
/// which SwiftPM links as `main` (it renames executables' entry points) and which runs libFuzzer.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "swift-restate-admin") },
        swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
    )
}

let package = Package(
    name: "admin-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-restate-admin", path: "..")
    ],
    targets: [
        // The input as bytes or text, and the property check that fails a run.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // The declaration of `LLVMFuzzerRunDriver` (the runtime itself comes with `-sanitize=fuzzer`).
        .systemLibrary(name: "CLibFuzzer"),
        fuzzTarget("FuzzJSON", ["AdminCore"]),
        fuzzTarget("FuzzManifest", ["AdminCore"]),
        fuzzTarget("FuzzDuration", ["AdminCore"]),
        fuzzTarget("FuzzResourceID", ["AdminCore"]),
        fuzzTarget("FuzzTOML", ["AdminTOML"]),
    ]
)
