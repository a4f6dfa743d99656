import AdminCore
import AdminLMDB
import AdminPostgres
import AdminSQLite
import Foundation
import Logging
import Synchronization

/// A pre-filled registry on one backend, with a stub discovery client.
final class Fixture: Sendable {
    enum Backend: String, CaseIterable, Sendable {
        case inMemory = "InMemoryStorage", sqlite = "SQLite", lmdb = "LMDB", postgres = "PostgreSQL"

        /// The backends in this process, without a server.
        static let local: [Backend] = [.inMemory, .sqlite, .lmdb]

        /// ``local``, and PostgreSQL too when `ADMIN_BENCH_POSTGRES_URL` names a server
        /// (``BenchmarkPostgres``).
        static var available: [Backend] { BenchmarkPostgres.server == nil ? local : local + [.postgres] }
    }

    let storage: any Storage
    let admin: AdminService
    let discovery = StubDiscoveryClient()
    let directory: URL
    private let counter = Mutex(0)

    static func manifest(service: String, handlers: Int = 2) -> Data {
        let list = (0..<handlers).map { $0 == 1 ? #"{"name":"get","ty":"SHARED"}"# : #"{"name":"handler\#($0)"}"# }
        let named = handlers == 2 ? [#"{"name":"greet"}"#, #"{"name":"get","ty":"SHARED"}"#] : list
        return Data(
            """
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,
             "services":[{"name":"\(service)","ty":"VIRTUAL_OBJECT","handlers":[\(named.joined(separator: ","))]}]}
            """.utf8)
    }

    /// A manifest of `services` virtual objects (`svc.rules0`, …) of `handlers` handlers each.
    static func manifest(services: Int, handlers: Int) -> Data {
        let list = (0..<handlers).map { $0 == 1 ? #"{"name":"get","ty":"SHARED"}"# : #"{"name":"handler\#($0)"}"# }.joined(separator: ",")
        let all = (0..<services).map { #"{"name":"svc.rules\#($0)","ty":"VIRTUAL_OBJECT","handlers":[\#(list)]}"# }
        return Data(
            #"{"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[\#(all.joined(separator: ","))]}"#.utf8
        )
    }

    /// A registry of `deployments` deployments, each with one service of 2 handlers among 100
    /// service names (a registration registry), or, with `distinctServices`, each with a service
    /// of its own of `handlers` handlers (a read registry).
    convenience init(backend: Backend, deployments: Int, distinctServices: Bool = false, handlers: Int = 2) async throws {
        try await self.init(backend: backend, directory: Self.newDirectory())
        try await seed(deployments: deployments, distinctServices: distinctServices, handlers: handlers)
    }

    /// Opens the registry stored in `directory` (empty when new); PostgreSQL's is a new, empty
    /// database (``BenchmarkPostgres``) and `directory` stays empty.
    init(backend: Backend, directory: URL) async throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch backend {
        case .inMemory: storage = InMemoryStorage()
        case .sqlite: storage = try SQLiteStorage(path: directory.appendingPathComponent("admin.sqlite"))
        case .lmdb: storage = try LMDBStorage(directory: directory.appendingPathComponent("lmdb"))
        case .postgres: storage = try await Self.openPostgres()
        }
        // Logging every registration would measure the terminal, not the admin.
        admin = AdminService(storage: storage, discovery: discovery, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
    }

    /// A ``PostgresStorage`` on a new database, dropped again if it cannot be opened.
    private static func openPostgres() async throws -> PostgresStorage {
        let url = try await BenchmarkPostgres.create()
        do {
            return try await PostgresStorage(url: url, options: .init(), logger: BenchmarkPostgres.logger)
        } catch {
            try? await BenchmarkPostgres.drop(url)
            throw error
        }
    }

    /// A new, unique directory in the temporary directory.
    static func newDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("admin-bench-\(UUID().uuidString)")
    }

    private func seed(deployments: Int, distinctServices: Bool, handlers: Int) async throws {
        // Seed in one transaction through the same rules, so that setup stays fast on disk.
        let seeds = try (0..<deployments).map { i in
            (
                Self.address("seed", i),
                try DiscoveryResponseValidator.validate(
                    contentType: "application/vnd.restate.endpointmanifest.v4+json",
                    body: Self.manifest(service: distinctServices ? "svc.read\(i)" : "svc.seed\(i % 100)", handlers: handlers),
                    transport: .http(.http2), serverHeader: nil
                )
            )
        }
        try await storage.write { writer in
            for (i, (address, discovered)) in seeds.enumerated() {
                let (changes, _) = try SchemaUpdater.register(
                    RegistrationRequest(address: address), discovered: discovered, in: writer,
                    configuration: AdminConfiguration(), newID: DeploymentID.generate(), now: Int64(i)
                )
                try changes.apply(to: writer)
            }
        }
    }

    static func address(_ prefix: String, _ index: Int) -> RequestedAddress {
        // The URI is well-formed by construction.
        .http((try? DeploymentURI(parsing: "http://\(prefix)-\(index).local:9080/"))!, useHTTP11: false)
    }

    /// Registers a new deployment with one service (a new revision of a service seen before).
    func registerNext() async throws -> RegistrationOutcome {
        let index = counter.withLock { value in
            value += 1
            return value
        }
        let address = Self.address("run", index)
        discovery.respond(to: address, with: .init(body: Self.manifest(service: "svc.seed\(index % 100)")))
        return try await admin.registerDeployment(RegistrationRequest(address: address, allowBreaking: .yes))
    }

    /// Removes the deployments of `outcomes` (registered by ``registerNext()``), so that the
    /// registry is back to its size.
    func remove(_ outcomes: [RegistrationOutcome]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for outcome in outcomes { group.addTask { try await self.admin.removeDeployment(outcome.deployment.id) } }
            try await group.waitForAll()
        }
    }

    /// Closes the storage and deletes its files (drops its PostgreSQL database).
    func close() async throws {
        try await storage.close()
        try? FileManager.default.removeItem(at: directory)
        if let postgres = storage as? PostgresStorage { try await BenchmarkPostgres.drop(postgres.url) }
    }
}

/// Hands a fixture from a benchmark's setup hook to its body.
final class FixtureHolder: Sendable {
    private let fixture = Mutex<Fixture?>(nil)

    func set(_ value: Fixture) { fixture.withLock { $0 = value } }

    func get() throws -> Fixture {
        guard let value = fixture.withLock({ $0 }) else { throw CancellationError() }
        return value
    }

    func take() -> Fixture? {
        fixture.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
