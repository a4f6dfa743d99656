import AdminSQLite
import AdminStorageTestKit
import Testing

@Suite("SQLiteStorage conformance")
struct SQLiteConformanceTests {
    @Test("SQLiteStorage passes the storage conformance kit", arguments: StorageConformance.allCases)
    func conforms(_ check: StorageConformance) async throws {
        try await check.run { directory in try SQLiteStorage(path: directory.appending(path: "admin.sqlite")) }
    }
}
