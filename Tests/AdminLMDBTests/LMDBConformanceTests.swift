import AdminLMDB
import AdminStorageTestKit
import Testing

@Suite("LMDBStorage conformance")
struct LMDBConformanceTests {
    @Test("LMDBStorage passes the storage conformance kit", arguments: StorageConformance.allCases)
    func conforms(_ check: StorageConformance) async throws {
        try await check.run { directory in try LMDBStorage(directory: directory.appending(path: "lmdb")) }
    }
}
