// swift-tools-version: 6.1
// Three programs built on swift-restate-admin, in one package so their dependencies build once.
//
//   swift run EmbeddedRuntime --scenario        a host runtime serving the Admin API from its own server
//   swift run CustomStorageBackend              a third-party Storage that passes AdminStorageTestKit
//   swift run VersioningRules [old new]         the versioning rules on two manifests, nothing else
import PackageDescription

let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-restate-admin", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "EmbeddedRuntime",
            dependencies: [
                .product(name: "AdminCore", package: "swift-restate-admin"),
                .product(name: "AdminDiscovery", package: "swift-restate-admin"),
                .product(name: "AdminHTTP", package: "swift-restate-admin"),
                .product(name: "AdminLMDB", package: "swift-restate-admin"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "CustomStorageBackend",
            dependencies: [
                .product(name: "AdminCore", package: "swift-restate-admin"),
                .product(name: "AdminStorageTestKit", package: "swift-restate-admin"),
            ]
        ),
        .executableTarget(
            name: "VersioningRules",
            dependencies: [.product(name: "AdminCore", package: "swift-restate-admin")]
        ),
    ]
)
