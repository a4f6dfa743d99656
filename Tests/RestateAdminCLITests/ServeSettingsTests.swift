import AdminCore
import AdminTOML
import ArgumentParser
import Foundation
import Testing

@testable import restate_admin

/// Parsing of `restate-admin serve` flags, the TOML subset and the environment overrides.
struct ServeSettingsTests {
    static let conformanceFile = """
        cluster-name = "localcluster"
        default-journal-retention = "1d"
        max-journal-retention = "30s"            # only when a scenario sets it
        default-idempotency-retention = "1d"
        default-workflow-completion-retention = "1d"

        [admin]
        deployment-routing-headers = ["x-routing"]

        [worker.invoker]
        inactivity-timeout = "1m"
        abort-timeout = "10m"

        [ingress]
        kafka-clusters = [{ name = "my-cluster", brokers = ["PLAINTEXT://127.0.0.1:9092"] }]
        """

    @Test func serveFlags() throws {
        let command = try AdminCommand.parseAsRoot(["serve", "--storage", "lmdb", "--bind", "0.0.0.0:1234", "--data-dir", "/tmp/x"])
        let serve = try #require(command as? AdminCommand.Serve)
        #expect(serve.storage == .lmdb && serve.bind == "0.0.0.0:1234" && serve.dataDir == "/tmp/x")
        let defaults = try #require(try AdminCommand.parseAsRoot(["serve"]) as? AdminCommand.Serve)
        #expect(defaults.storage == .sqlite && defaults.bind == nil && defaults.dataDir == "./restate-admin-data")
        #expect(throws: (any Error).self) { try AdminCommand.parseAsRoot(["serve", "--storage", "rocksdb"]) }
    }

    @Test("--storage postgres takes its URL from the flag, the environment or admin.postgres-url, and never shows the password")
    func postgresURL() throws {
        let serve = try #require(
            try AdminCommand.parseAsRoot(["serve", "--storage", "postgres", "--postgres-url", "postgres://a:pw@db/x"]) as? AdminCommand.Serve)
        #expect(serve.storage == .postgres && serve.postgresUrl == "postgres://a:pw@db/x")
        let file = try TOMLParser.parse("[admin]\npostgres-url = \"postgres://file:pw@db/f\"")
        #expect(try ServerSettings.resolve(file: file, environment: [:]).postgresURL == "postgres://file:pw@db/f")
        let environment = ["RESTATE_ADMIN__POSTGRES_URL": "postgres://env:pw@db/e"]
        let resolved = try ServerSettings.resolve(file: file, environment: environment)
        #expect(resolved.postgresURL == "postgres://env:pw@db/e" && resolved.unknownKeys.isEmpty)

        let location = StorageLocation(kind: .postgres, dataDirectory: URL(fileURLWithPath: "/tmp"), postgresURL: resolved.postgresURL)
        #expect(try location.parsedPostgresURL().description == "postgres://env:***@db:5432/e")
        let missing = StorageLocation(kind: .postgres, dataDirectory: URL(fileURLWithPath: "/tmp"), postgresURL: nil)
        #expect(throws: ServerSettings.Problem.self) { try missing.parsedPostgresURL() }
        let malformed = StorageLocation(kind: .postgres, dataDirectory: URL(fileURLWithPath: "/tmp"), postgresURL: "mysql://u:secret@db/x")
        do {
            _ = try malformed.parsedPostgresURL()
            Issue.record("a mysql:// URL was accepted")
        } catch {
            #expect(error.description.contains("scheme") && !error.description.contains("secret"), "\(error.description)")
        }
    }

    @Test func conformanceConfigFile() throws {
        let settings = try ServerSettings.resolve(file: try TOMLParser.parse(Self.conformanceFile), environment: [:])
        #expect(settings.admin.maxJournalRetention == RestateDuration(seconds: 30))
        #expect(settings.admin.deploymentRoutingHeaders == ["x-routing"])
        #expect(settings.admin.kafkaClusters == [KafkaCluster(name: "my-cluster", brokers: ["PLAINTEXT://127.0.0.1:9092"])])
        #expect(settings.admin.abortTimeout == RestateDuration(seconds: 600))
        #expect(settings.unknownKeys.isEmpty)
        #expect(settings.bindAddress == "127.0.0.1:9070")
    }

    @Test func environmentOverridesTheFile() throws {
        let file = try TOMLParser.parse("cluster-name = \"file\"\n[admin]\nbind-address = \"127.0.0.1:1\"\nmystery = 1\n")
        let settings = try ServerSettings.resolve(
            file: file,
            environment: [
                "RESTATE_ADMIN__BIND_ADDRESS": "127.0.0.1:2", "RESTATE_CLUSTER_NAME": "env",
                "RESTATE_ADMIN__DEPLOYMENT_ROUTING_HEADERS": "[\"a\", \"b\"]", "PATH": "/bin",
            ])
        #expect(settings.bindAddress == "127.0.0.1:2" && settings.admin.clusterName == "env")
        #expect(settings.admin.deploymentRoutingHeaders == ["a", "b"])
        #expect(settings.unknownKeys == ["admin.mystery"])
    }

    @Test func ingressEndpointAndDiscoveryDeadline() throws {
        let defaults = try ServerSettings.resolve(file: [:], environment: [:])
        #expect(defaults.ingressEndpoint == "http://127.0.0.1:8080/")
        #expect(defaults.discoveryDeadline == RestateDuration(seconds: 30))

        let file = try TOMLParser.parse(
            """
            [admin]
            discovery-deadline = "5s"
            [ingress]
            advertised-ingress-endpoint = "https://ingress.example.com:8443/restate"
            """)
        let fromFile = try ServerSettings.resolve(file: file, environment: [:])
        #expect(fromFile.ingressEndpoint == "https://ingress.example.com:8443/restate")
        #expect(fromFile.discoveryDeadline == RestateDuration(seconds: 5))
        #expect(fromFile.unknownKeys.isEmpty)

        let fromEnvironment = try ServerSettings.resolve(
            file: file,
            environment: [
                "RESTATE_INGRESS__ADVERTISED_INGRESS_ENDPOINT": "http://10.0.0.1:9080",
                "RESTATE_ADMIN__DISCOVERY_DEADLINE": "1m 30s",
            ])
        // An empty path is rendered as `/`, like Restate's `Url`.
        #expect(fromEnvironment.ingressEndpoint == "http://10.0.0.1:9080/")
        #expect(fromEnvironment.discoveryDeadline == RestateDuration(seconds: 90))
    }

    @Test func concurrentRequestsLimit() throws {
        #expect(try ServerSettings.resolve(file: [:], environment: [:]).concurrentRequestsLimit == nil)
        let file = try TOMLParser.parse("[admin]\nconcurrent-api-requests-limit = 64\n")
        let fromFile = try ServerSettings.resolve(file: file, environment: [:])
        #expect(fromFile.concurrentRequestsLimit == 64 && fromFile.unknownKeys.isEmpty)
        let fromEnvironment = try ServerSettings.resolve(file: file, environment: ["RESTATE_ADMIN__CONCURRENT_API_REQUESTS_LIMIT": "3"])
        #expect(fromEnvironment.concurrentRequestsLimit == 3)
    }

    @Test(arguments: ["0", "-1", "\"many\"", "1.5", "\"\""])
    func badConcurrentRequestsLimitsAreReported(_ value: String) {
        let text = "[admin]\nconcurrent-api-requests-limit = \(value)\n"
        #expect(throws: ServerSettings.Problem.self) { try ServerSettings.resolve(file: try TOMLParser.parse(text), environment: [:]) }
    }

    @Test(
        arguments: [
            "[ingress]\nadvertised-ingress-endpoint = \"not a url\"", "[ingress]\nadvertised-ingress-endpoint = \"ftp://x:21/\"",
            "[ingress]\nadvertised-ingress-endpoint = \"/relative\"", "[ingress]\nadvertised-ingress-endpoint = 8080",
            "[admin]\ndiscovery-deadline = \"soon\"", "[admin]\ndiscovery-deadline = \"0s\"", "[admin]\ndiscovery-deadline = 30",
        ].map(TOMLText.init))
    func badIngressEndpointsAndDeadlinesAreReported(_ toml: TOMLText) {
        let text = toml.text
        #expect(throws: ServerSettings.Problem.self) { try ServerSettings.resolve(file: try TOMLParser.parse(text), environment: [:]) }
    }

    @Test func tomlSubset() throws {
        let table = try TOMLParser.parse(
            """
            # comment
            a.b = 'literal'
            [[ingress.kafka-clusters]]
            name = "one"
            brokers = [
              "x", # trailing
            ]
            [[ingress.kafka-clusters]]
            name = "two"
            flag = true
            n = 1_000
            """)
        #expect(table["a"] == .table(["b": .string("literal")]))
        let settings = try ServerSettings.resolve(file: table, environment: [:])
        #expect(settings.admin.kafkaClusters.map(\.name) == ["one", "two"])
        #expect(settings.admin.kafkaClusters[1].properties == ["flag": "true", "n": "1000"])
    }

    @Test(
        arguments: ["a = ", "[admin\n", "x = \"unterminated", "a = 1\na = 2", "cluster-name = 5", "default-journal-retention = \"5 parsecs\""].map(
            TOMLText.init))
    func badConfigurationsAreReported(_ toml: TOMLText) {
        let text = toml.text
        #expect(throws: (any Error).self) { try ServerSettings.resolve(file: try TOMLParser.parse(text), environment: [:]) }
    }

    @Test func bindAddresses() throws {
        #expect(try AdminCommand.Serve.parseBind("127.0.0.1:9070") == ("127.0.0.1", 9070))
        #expect(try AdminCommand.Serve.parseBind("[::1]:80") == ("::1", 80))
        #expect(throws: (any Error).self) { try AdminCommand.Serve.parseBind("nohost") }
    }
}

/// A TOML text as a test argument, shown on one line (`⏎` for each line break).
struct TOMLText: Sendable, CustomTestStringConvertible {
    let text: String
    var testDescription: String { text.replacingOccurrences(of: "\n", with: " ⏎ ") }
}
