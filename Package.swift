// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-restate-admin",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AdminCore", targets: ["AdminCore"]),
        .library(name: "AdminSQLite", targets: ["AdminSQLite"]),
        .library(name: "AdminLMDB", targets: ["AdminLMDB"]),
        .library(name: "AdminPostgres", targets: ["AdminPostgres"]),
        .library(name: "AdminDiscovery", targets: ["AdminDiscovery"]),
        .library(name: "AdminHTTP", targets: ["AdminHTTP"]),
        .library(name: "AdminStorageTestKit", targets: ["AdminStorageTestKit"]),
        .library(name: "AdminTOML", targets: ["AdminTOML"]),
        .executable(name: "restate-admin", targets: ["restate-admin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // `swift package generate-documentation` (DocC catalogues of AdminCore, AdminHTTP, AdminStorageTestKit).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]),

        .target(
            name: "AdminCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "AdminSQLite", dependencies: ["AdminCore", "CSQLite"], swiftSettings: strictSettings),
        .target(name: "AdminLMDB", dependencies: ["AdminCore", "CLMDB"], swiftSettings: strictSettings),
        // Several admin nodes on one PostgreSQL server (postgres-nio's pool, LISTEN/NOTIFY).
        .target(
            name: "AdminPostgres",
            dependencies: [
                "AdminCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AdminDiscovery",
            dependencies: [
                "AdminCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AdminHTTP",
            dependencies: [
                "AdminCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "AdminStorageTestKit", dependencies: ["AdminCore"], swiftSettings: strictSettings),
        // The TOML subset of `--config` files; Foundation only, so the fuzzers (Fuzz/) can link it alone.
        .target(name: "AdminTOML", swiftSettings: strictSettings),
        // Child process of the crash-safety and two-process storage tests (AdminSQLiteTests, AdminLMDBTests).
        .executableTarget(
            name: "storage-crash-probe",
            dependencies: ["AdminCore", "AdminSQLite", "AdminLMDB", "AdminStorageTestKit"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "restate-admin",
            dependencies: [
                "AdminCore", "AdminSQLite", "AdminLMDB", "AdminPostgres", "AdminDiscovery", "AdminHTTP", "AdminTOML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),

        // Test-only support: logs shown only with a failure (TestLogging).
        .target(
            name: "AdminTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/AdminTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AdminCoreTests",
            dependencies: [
                "AdminCore", "AdminStorageTestKit", "AdminSQLite", "AdminLMDB", "AdminTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "AdminSQLiteTests", dependencies: ["AdminSQLite", "AdminStorageTestKit", "AdminTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "AdminLMDBTests", dependencies: ["AdminLMDB", "AdminStorageTestKit", "AdminTestSupport"], swiftSettings: strictSettings),
        // Needs a PostgreSQL server: ADMIN_TEST_POSTGRES_URL (`.ci/postgres start` prints one); skipped without it outside CI.
        .testTarget(
            name: "AdminPostgresTests",
            dependencies: [
                "AdminPostgres", "AdminPostgresTestSupport", "AdminCore", "AdminStorageTestKit", "AdminTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The PostgreSQL server of the tests that need one (ADMIN_TEST_POSTGRES_URL): a fresh database per test.
        .target(
            name: "AdminPostgresTestSupport",
            dependencies: [
                "AdminCore", "AdminPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AdminPostgresTestSupport",
            swiftSettings: strictSettings
        ),
        // Several `restate-admin serve` processes on one PostgreSQL database (ADMIN_TEST_POSTGRES_URL, like
        // AdminPostgresTests): concurrent registrations, SIGKILL, a PostgreSQL restart. Depends on the
        // executable so that the binary is built.
        .testTarget(
            name: "AdminPostgresNodeTests",
            dependencies: [
                "restate-admin", "AdminCore", "AdminPostgres", "AdminPostgresTestSupport", "AdminStorageTestKit", "AdminTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "AdminStorageTestKitTests", dependencies: ["AdminStorageTestKit", "AdminCore"], swiftSettings: strictSettings),
        .testTarget(name: "AdminTOMLTests", dependencies: ["AdminTOML"], swiftSettings: strictSettings),
        .testTarget(
            name: "AdminDiscoveryTests",
            dependencies: [
                "AdminDiscovery", "AdminCore", "AdminTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // In-process admin servers for the HTTP and command-line tests (not a product).
        .target(
            name: "AdminHTTPTestSupport",
            dependencies: [
                "AdminCore", "AdminHTTP", "AdminTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AdminHTTPTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AdminHTTPTests",
            dependencies: [
                "AdminHTTP", "AdminHTTPTestSupport", "AdminTestSupport", "AdminStorageTestKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // The `restate-admin` command line: argument parsing, `serve` settings, client subcommands.
        .testTarget(
            name: "RestateAdminCLITests",
            dependencies: [
                "restate-admin", "AdminCore", "AdminSQLite", "AdminLMDB", "AdminPostgres", "AdminPostgresTestSupport", "AdminHTTP",
                "AdminHTTPTestSupport", "AdminTOML", "AdminTestSupport", "AdminStorageTestKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
