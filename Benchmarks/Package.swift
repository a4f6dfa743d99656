// swift-tools-version: 6.1
// A separate package, so that `swift build` / `swift test` of the main package never compile the
// benchmark dependencies. Run with: (cd Benchmarks && swift package benchmark)
import PackageDescription

let package = Package(
    name: "admin-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-restate-admin", path: ".."),
        // MallocInterposer only: the default traits need a package that is not on the local mirror.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "AdminBenchmarks",
            dependencies: [
                .product(name: "AdminCore", package: "swift-restate-admin"),
                .product(name: "AdminSQLite", package: "swift-restate-admin"),
                .product(name: "AdminLMDB", package: "swift-restate-admin"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/AdminBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
