import AdminCore
import AdminStorageTestKit
import Foundation

/// Runs every check of AdminStorageTestKit against ``AppendOnlyFileStorage`` (the version and
/// change-log checks included), then uses it under an ``AdminService``: a registration survives a
/// reopen, and so does a crash that left half a line at the end of the file.
@main
struct CustomStorageBackend {
    static func main() async throws {
        var failures = 0
        for check in StorageConformance.allCases {
            do {
                try await check.run { setup in
                    try AppendOnlyFileStorage(directory: setup.directory, changeLogRetention: setup.changeLogRetention)
                }
                print("pass  \(check)")
            } catch {
                failures += 1
                print("FAIL  \(check): \(error)")
            }
        }
        print("\(StorageConformance.allCases.count - failures) of \(StorageConformance.allCases.count) conformance checks passed")
        guard failures == 0 else { exit(1) }
        try await survivesReopenAndTornAppend()
    }

    /// A registration through ``AdminService`` survives a reopen and a torn last line.
    nonisolated static func survivesReopenAndTornAppend() async throws {
        try await TemporaryDirectory.with(prefix: "custom-storage") { directory in
            let discovery = StubDiscoveryClient()
            let address = RequestedAddress.http(try DeploymentURI(parsing: "http://localhost:9080/"), useHTTP11: false)
            let manifest =
                #"{"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]}]}"#
            discovery.respond(to: address, with: .init(body: Data(manifest.utf8)))

            let storage = try AppendOnlyFileStorage(directory: directory)
            let admin = AdminService(storage: storage, discovery: discovery)
            let registered = try await admin.registerDeployment(RegistrationRequest(address: address))
            print("registered \(registered.result.rawValue) at registry version \(try await storage.registryVersion())")
            try await storage.close()

            // A crash in the middle of an append leaves an incomplete last line: it was never
            // acknowledged, so opening cuts it off and keeps everything before it.
            let handle = try FileHandle(forWritingTo: storage.file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"[{"putDeployment":{"#.utf8))
            try handle.close()

            let reopened = try AppendOnlyFileStorage(directory: directory)
            let again = AdminService(storage: reopened, discovery: discovery)
            let services = try await again.services().map(\.name)
            let same = try await again.deployment(registered.deployment.id) == registered.deployment
            print(
                "after a torn append and a reopen: version \(try await reopened.registryVersion()), services \(services), deployment intact: \(same)")
            try await reopened.close()
            guard same, services == ["Greeter"] else { exit(1) }
        }
    }
}
