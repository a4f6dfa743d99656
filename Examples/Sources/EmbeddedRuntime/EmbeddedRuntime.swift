import AdminCore
import AdminDiscovery
import AdminHTTP
import AdminLMDB
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A host runtime that embeds the admin control plane:
/// - its registry is stored in LMDB, in the host's own data directory;
/// - its Hummingbird application serves the host's own route (`GET /hello`) and, below `/admin`,
///   the whole Restate Admin API (`AdminAPIMiddleware`), on one server and one lifecycle;
/// - it follows the registry's change stream and prints its routing table as it changes;
/// - it receives the Admin API's invocation commands (`HostRuntime`, an `InvocationController`).
///
///     swift run EmbeddedRuntime                          # serve on 127.0.0.1:8080 until Ctrl-C
///     swift run EmbeddedRuntime --scenario               # run the scripted tour below, then exit
///     swift run EmbeddedRuntime --scenario --deployment http://127.0.0.1:9080/
///
/// Without `--deployment` the scenario registers a local fake deployment it starts itself.
@main
struct EmbeddedRuntime {
    struct Options {
        var port = 8080
        var dataDirectory: URL?
        var deployment: String?
        var scenario = false

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let flag = rest.popFirst() {
                switch flag {
                case "--scenario": scenario = true
                case "--port": port = try Int(value(flag, &rest)).orThrow("--port needs a number")
                case "--data-dir": dataDirectory = URL(fileURLWithPath: try value(flag, &rest))
                case "--deployment": deployment = try value(flag, &rest)
                default: throw ScenarioFailure("unknown argument \(flag)")
                }
            }
            if scenario, arguments.firstIndex(of: "--port") == nil { port = 0 }
        }

        private func value(_ flag: String, _ rest: inout ArraySlice<String>) throws -> String {
            guard let value = rest.popFirst() else { throw ScenarioFailure("\(flag) needs a value") }
            return value
        }
    }

    static func main() async {
        do {
            try await run(Options(Array(CommandLine.arguments.dropFirst())))
        } catch {
            print("EmbeddedRuntime: \(error)")
            exit(1)
        }
    }

    nonisolated static func run(_ options: Options) async throws {
        var logger = Logger(label: "host")
        logger.logLevel = .warning
        let directory =
            options.dataDirectory
            ?? (options.scenario
                ? FileManager.default.temporaryDirectory.appending(path: "embedded-runtime-\(UUID().uuidString)")
                : URL(fileURLWithPath: "embedded-runtime-data"))
        defer { if options.scenario, options.dataDirectory == nil { try? FileManager.default.removeItem(at: directory) } }

        // The admin: LMDB storage, the network discovery client, the host's invocation controller.
        let storage = try LMDBStorage(directory: directory.appending(path: "lmdb"))
        let runtime = HostRuntime()
        let admin = AdminService(
            storage: storage,
            discovery: HTTPDiscoveryClient(configuration: .init(deadline: .seconds(10), logger: logger)),
            invocations: runtime,
            logger: logger
        )

        // The host's application: its own route, and the Admin API below /admin.
        let router = Router()
        router.get("/hello") { _, _ in "hello from the host runtime" }
        router.add(middleware: AdminAPIMiddleware(prefix: "/admin", router: AdminRouter(service: admin)))
        let ports = Ports()
        var quiet = logger
        quiet.logLevel = .error
        let host = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: nil),
            onServerRunning: { channel in ports.set(host: channel.localAddress?.port ?? 0) },
            logger: logger
        )

        let routing = RoutingTable()
        var services: [any Service] = [host, StorageCloser(storage: storage)]
        if options.scenario, options.deployment == nil {
            services.append(FakeDeployment.application(port: 0, logger: quiet) { ports.set(fake: $0) })
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)

        let follower = Task { await routing.follow(admin) }
        defer { follower.cancel() }
        guard options.scenario else {
            print("serving on 127.0.0.1:\(options.port): GET /hello, and the Admin API below /admin (Ctrl-C stops)")
            try await group.run()
            return
        }
        let server = Task { try await group.run() }
        let outcome = await Result {
            let hostPort = try await ports.host()
            let target: Scenario.Target
            if let deployment = options.deployment {
                target = Scenario.Target(uri: deployment, useHTTP11: false)
            } else {
                target = Scenario.Target(uri: "http://127.0.0.1:\(try await ports.fake())/", useHTTP11: true)
            }
            try await Scenario(admin: admin, runtime: runtime, routing: routing, port: hostPort).run(target)
        }
        // A graceful stop: the servers finish their requests, then the storage closes.
        await group.triggerGracefulShutdown()
        try await server.value
        try outcome.get()
    }
}

/// Closes the storage once the servers have stopped.
struct StorageCloser: Service {
    let storage: any Storage

    func run() async throws {
        try? await gracefulShutdown()
        try await storage.close()
    }
}

/// The ports the servers got, once they listen.
final class Ports: Sendable {
    private let ports = Mutex<(host: Int?, fake: Int?)>((nil, nil))

    func set(host port: Int) { ports.withLock { $0.host = port } }
    func set(fake port: Int) { ports.withLock { $0.fake = port } }

    func host() async throws -> Int { try await wait { $0.host } }
    func fake() async throws -> Int { try await wait { $0.fake } }

    private func wait(_ port: @Sendable ((host: Int?, fake: Int?)) -> Int?) async throws -> Int {
        for _ in 0..<500 {
            if let value = ports.withLock({ port($0) }) { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ScenarioFailure("a server did not start")
    }
}

/// A step of the scenario that did not go as expected.
struct ScenarioFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw ScenarioFailure(message) }
        return self
    }
}

extension Result where Failure == any Error {
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
