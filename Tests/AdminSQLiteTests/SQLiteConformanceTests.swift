import AdminSQLite
import AdminStorageTestKit
import Testing

@Suite("SQLiteStorage conformance")
struct SQLiteConformanceTests {
    @Test("SQLiteStorage passes the storage conformance kit", arguments: StorageConformance.allCases)
    func conforms(_ check: StorageConformance) async throws {
        try await check.run { setup in
            try SQLiteStorage(
                path: setup.directory.appending(path: "admin.sqlite"), options: .init(changeLogRetention: setup.changeLogRetention)
            )
        }
    }
}
