import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Foundation
import Testing

@Suite("PostgresStorage conformance", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresConformanceTests {
    @Test("PostgresStorage passes the storage conformance kit", arguments: StorageConformance.allCases)
    func conforms(_ check: StorageConformance) async throws {
        let databases = DatabasesByDirectory()
        do {
            try await check.run { setup in
                // The kit reopens a store by calling the factory again with the same directory: same database.
                let url = try await databases.url(for: setup.directory, label: check.rawValue)
                // Few connections each: the kit runs every check at once on one server.
                return try await PostgresStorage(url: url, options: .init(changeLogRetention: setup.changeLogRetention, maximumConnections: 4))
            }
        } catch {
            await databases.dropAll()
            throw error
        }
        await databases.dropAll()
    }
}

@Suite("PostgreSQL in CI")
struct PostgresConfiguredTests {
    @Test("CI provides a PostgreSQL server (ADMIN_TEST_POSTGRES_URL)")
    func configuredInCI() {
        #expect(!TestDatabase.isCI || TestDatabase.isConfigured, "CI=true but ADMIN_TEST_POSTGRES_URL is not set: .ci/run starts one")
    }
}

/// One database per conformance directory.
actor DatabasesByDirectory {
    private var urls: [URL: PostgresURL] = [:]

    func url(for directory: URL, label: String) async throws -> PostgresURL {
        if let url = urls[directory] { return url }
        let url = try await TestDatabase.create(label)
        urls[directory] = url
        return url
    }

    func dropAll() async {
        for url in urls.values { try? await TestDatabase.drop(url) }
        urls = [:]
    }
}
