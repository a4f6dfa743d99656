import AdminLMDB
import AdminStorageTestKit
import Testing

@Suite("LMDBStorage conformance")
struct LMDBConformanceTests {
    @Test("LMDBStorage passes the storage conformance kit", arguments: StorageConformance.allCases)
    func conforms(_ check: StorageConformance) async throws {
        try await check.run { setup in
            try LMDBStorage(directory: setup.directory.appending(path: "lmdb"), options: .init(changeLogRetention: setup.changeLogRetention))
        }
    }
}
