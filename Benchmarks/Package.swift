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
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        // The PostgreSQL variant creates and drops a database per fixture.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // The raw-write and model benchmarks call sqlite3_* and mdb_* themselves (the main package's
        // CSQLite and CLMDB are not products); module names differ from those to avoid a clash.
        .systemLibrary(name: "CBenchSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .systemLibrary(name: "CBenchLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]),
        .executableTarget(
            name: "AdminBenchmarks",
            dependencies: [
                "CBenchSQLite",
                "CBenchLMDB",
                .product(name: "AdminCore", package: "swift-restate-admin"),
                .product(name: "AdminSQLite", package: "swift-restate-admin"),
                .product(name: "AdminLMDB", package: "swift-restate-admin"),
                .product(name: "AdminPostgres", package: "swift-restate-admin"),
                .product(name: "AdminHTTP", package: "swift-restate-admin"),
                .product(name: "AdminDiscovery", package: "swift-restate-admin"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/AdminBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Reads the exported results (ordo-one's `jmh` format) and the machine facts run.sh
        // collects, and writes BENCHMARKS.md and the registration-latency chart. Foundation only.
        .executableTarget(name: "BenchmarkReport", path: "Sources/BenchmarkReport"),
    ]
)
