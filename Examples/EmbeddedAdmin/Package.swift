// swift-tools-version: 6.1
// Embeds the admin core in a program: in-memory storage and a stub discovery client.
// Run with: (cd Examples/EmbeddedAdmin && swift run)
import PackageDescription

let package = Package(
    name: "EmbeddedAdmin",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-restate-admin", path: "../..")],
    targets: [
        .executableTarget(
            name: "EmbeddedAdmin",
            dependencies: [.product(name: "AdminCore", package: "swift-restate-admin")]
        )
    ]
)
