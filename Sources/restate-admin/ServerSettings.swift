import AdminCore
import AdminTOML
import Foundation

/// Everything `serve` needs from the configuration file and the environment, resolved with the
/// precedence environment > file > default (flags are applied on top by ``AdminCommand/Serve``).
struct ServerSettings: Sendable {
    /// `host:port` to listen on (`admin.bind-address`).
    var bindAddress = "127.0.0.1:9070"
    /// The advertised ingress URL reported by `GET /version` and used as the `servers` entry of
    /// service OpenAPI documents (`ingress.advertised-ingress-endpoint`, Restate's key).
    var ingressEndpoint = "http://127.0.0.1:8080/"
    /// The deadline of a whole discovery, retries included (`admin.discovery-deadline`: this
    /// project's addition, Restate has no such bound).
    var discoveryDeadline = RestateDuration(seconds: 30)
    /// The largest discovery response body read (`admin.discovery-max-response-size`: this
    /// project's addition, Restate has no bound).
    var discoveryMaxResponseSize = ByteSize.mebibytes(16)
    /// How long a connection may take to send a request head once its first byte arrived
    /// (`admin.request-header-timeout`: this project's addition).
    var requestHeaderTimeout = RestateDuration(seconds: 30)
    /// How long a connection may send nothing while no request of it is being answered
    /// (`admin.idle-timeout`: this project's addition).
    var idleTimeout = RestateDuration(seconds: 90)
    /// At most this many admin requests at once, more are answered 429
    /// (`admin.concurrent-api-requests-limit`); `nil` is unlimited, Restate's default.
    var concurrentRequestsLimit: Int?
    /// A file of bearer tokens; when set, every request but the health checks must present one
    /// (`admin.auth-token-file`: this project's addition).
    var authTokenFile: String?
    /// The PostgreSQL database of `--storage postgres` (`admin.postgres-url`: this project's
    /// addition; `--postgres-url` overrides it).
    var postgresURL: String?
    /// Whether `GET /metrics` serves the Prometheus text format (`admin.metrics-enabled`: this
    /// project's addition; off by default).
    var metricsEnabled = false
    /// The admin rules' configuration.
    var admin = AdminConfiguration()
    /// Keys of the file or environment this server does not know (warned about).
    var unknownKeys: [String] = []

    /// A configuration problem: reported clearly, exit code 2.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Every key this server reads, as dotted paths.
    static let knownKeys: Set<String> = [
        "cluster-name", "default-journal-retention", "max-journal-retention", "default-idempotency-retention",
        "default-workflow-completion-retention", "admin.bind-address", "admin.deployment-routing-headers",
        "admin.discovery-deadline", "admin.concurrent-api-requests-limit", "admin.auth-token-file", "admin.metrics-enabled", "admin.postgres-url",
        "admin.discovery-max-response-size", "admin.request-header-timeout", "admin.idle-timeout",
        "worker.invoker.inactivity-timeout",
        "worker.invoker.abort-timeout", "ingress.kafka-clusters", "ingress.advertised-ingress-endpoint",
    ]

    /// Resolves the settings from a parsed file (may be empty) and the environment
    /// (`RESTATE_ADMIN__BIND_ADDRESS` is `admin.bind-address`: `__` nests, `_` is `-`).
    static func resolve(file: [String: TOMLValue], environment: [String: String]) throws -> ServerSettings {
        var root = file
        for (name, raw) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("RESTATE_") {
            let path = name.dropFirst("RESTATE_".count).components(separatedBy: "__").map {
                $0.lowercased().replacingOccurrences(of: "_", with: "-")
            }
            guard !path.contains(where: \.isEmpty), knownKeys.contains(path.joined(separator: ".")) else { continue }
            // Structured keys take TOML syntax (`["x-routing"]`); every other key is a plain string.
            let structured = path.last == "deployment-routing-headers" || path.last == "kafka-clusters"
            let value = structured ? (TOMLParser.parseValue(raw) ?? .string(raw)) : .string(raw)
            set(value, at: path, in: &root)
        }
        var settings = ServerSettings()
        var unknown: [String] = []
        collectUnknown(root, prefix: "", into: &unknown)
        settings.unknownKeys = unknown.sorted()

        if let v = try string(root, "cluster-name") { settings.admin.clusterName = v }
        if let v = try duration(root, "default-journal-retention") { settings.admin.defaultJournalRetention = v }
        if let v = try duration(root, "max-journal-retention") { settings.admin.maxJournalRetention = v }
        if let v = try duration(root, "default-idempotency-retention") { settings.admin.defaultIdempotencyRetention = v }
        if let v = try duration(root, "default-workflow-completion-retention") { settings.admin.defaultWorkflowCompletionRetention = v }
        if let v = try string(root, "admin.bind-address") { settings.bindAddress = v }
        if let v = try lookup(root, "admin.deployment-routing-headers") {
            settings.admin.deploymentRoutingHeaders = try stringArray(v, key: "admin.deployment-routing-headers")
        }
        if let v = try duration(root, "admin.discovery-deadline") {
            guard !v.isZero else { throw Problem(description: "'admin.discovery-deadline' must be greater than zero") }
            settings.discoveryDeadline = v
        }
        if let v = try positiveInteger(root, "admin.concurrent-api-requests-limit") { settings.concurrentRequestsLimit = v }
        if let v = try size(root, "admin.discovery-max-response-size") { settings.discoveryMaxResponseSize = v }
        if let v = try positiveDuration(root, "admin.request-header-timeout") { settings.requestHeaderTimeout = v }
        if let v = try positiveDuration(root, "admin.idle-timeout") { settings.idleTimeout = v }
        if let v = try string(root, "admin.auth-token-file") { settings.authTokenFile = v }
        if let v = try boolean(root, "admin.metrics-enabled") { settings.metricsEnabled = v }
        if let v = try string(root, "admin.postgres-url") { settings.postgresURL = v }
        if let v = try duration(root, "worker.invoker.inactivity-timeout") { settings.admin.inactivityTimeout = v }
        if let v = try duration(root, "worker.invoker.abort-timeout") { settings.admin.abortTimeout = v }
        if let v = try lookup(root, "ingress.kafka-clusters") { settings.admin.kafkaClusters = try kafkaClusters(v) }
        if let v = try string(root, "ingress.advertised-ingress-endpoint") { settings.ingressEndpoint = try ingressURL(v) }
        return settings
    }

    // MARK: Helpers

    private static func set(_ value: TOMLValue, at path: [String], in table: inout [String: TOMLValue]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            table[head] = value
            return
        }
        var child: [String: TOMLValue] = [:]
        if case .table(let existing) = table[head] { child = existing }
        set(value, at: Array(path.dropFirst()), in: &child)
        table[head] = .table(child)
    }

    private static func collectUnknown(_ table: [String: TOMLValue], prefix: String, into unknown: inout [String]) {
        for (key, value) in table {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if knownKeys.contains(path) { continue }
            if case .table(let child) = value, knownKeys.contains(where: { $0.hasPrefix(path + ".") }) {
                collectUnknown(child, prefix: path, into: &unknown)
            } else {
                unknown.append(path)
            }
        }
    }

    private static func lookup(_ root: [String: TOMLValue], _ key: String) throws -> TOMLValue? {
        var table = root
        let parts = key.split(separator: ".").map(String.init)
        for part in parts.dropLast() {
            guard let next = table[part] else { return nil }
            guard case .table(let t) = next else { throw Problem(description: "'\(part)' must be a table (while reading '\(key)')") }
            table = t
        }
        return parts.last.flatMap { table[$0] }
    }

    private static func string(_ root: [String: TOMLValue], _ key: String) throws -> String? {
        guard let v = try lookup(root, key) else { return nil }
        guard case .string(let s) = v else { throw Problem(description: "'\(key)' must be a string") }
        return s
    }

    /// A whole number of at least 1: a TOML integer, or its decimal text (from the environment).
    private static func positiveInteger(_ root: [String: TOMLValue], _ key: String) throws -> Int? {
        guard let value = try lookup(root, key) else { return nil }
        let number: Int64?
        switch value {
        case .integer(let i): number = i
        case .string(let s): number = Int64(s.trimmingCharacters(in: .whitespaces))
        default: number = nil
        }
        guard let number, number >= 1, let result = Int(exactly: number) else {
            throw Problem(description: "'\(key)' must be a whole number of at least 1")
        }
        return result
    }

    private static func boolean(_ root: [String: TOMLValue], _ key: String) throws -> Bool? {
        guard let value = try lookup(root, key) else { return nil }
        switch value {
        case .boolean(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw Problem(description: "'\(key)' must be true or false")
        }
    }

    private static func duration(_ root: [String: TOMLValue], _ key: String) throws -> RestateDuration? {
        guard let text = try string(root, key) else { return nil }
        do {
            return try RestateDuration(parsing: text)
        } catch {
            throw Problem(description: "'\(key)' is not a valid duration '\(text)': \(error.message)")
        }
    }

    /// A duration greater than zero.
    private static func positiveDuration(_ root: [String: TOMLValue], _ key: String) throws -> RestateDuration? {
        guard let value = try duration(root, key) else { return nil }
        guard !value.isZero else { throw Problem(description: "'\(key)' must be greater than zero") }
        return value
    }

    /// A size of at least one byte: a TOML integer (bytes) or a string such as `"16MiB"`.
    private static func size(_ root: [String: TOMLValue], _ key: String) throws -> ByteSize? {
        guard let value = try lookup(root, key) else { return nil }
        let size: ByteSize
        switch value {
        case .integer(let bytes):
            guard let exact = Int(exactly: bytes) else { throw Problem(description: "'\(key)' is too large") }
            size = ByteSize(bytes: exact)
        case .string(let text):
            do { size = try ByteSize(parsing: text) } catch {
                throw Problem(description: "'\(key)': \(error.message)")
            }
        default:
            throw Problem(description: "'\(key)' must be a number of bytes or a size such as \"16MiB\"")
        }
        guard size.bytes >= 1 else { throw Problem(description: "'\(key)' must be at least 1 byte") }
        return size
    }

    /// An absolute `http`/`https` URL, rendered the way Restate's `Url` is: an empty path becomes `/`.
    private static func ingressURL(_ text: String) throws -> String {
        let key = "ingress.advertised-ingress-endpoint"
        guard let reference = try? URIReference(parsing: text), let scheme = reference.scheme?.lowercased(),
            scheme == "http" || scheme == "https", reference.authority != nil
        else {
            throw Problem(description: "'\(key)' must be an absolute http or https URL, got '\(text)'")
        }
        return reference.path.isEmpty ? (try DeploymentURI(parsing: text)).description : text
    }

    private static func stringArray(_ value: TOMLValue, key: String) throws -> [String] {
        if case .string(let s) = value { return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard case .array(let items) = value else { throw Problem(description: "'\(key)' must be an array of strings") }
        return try items.map {
            guard case .string(let s) = $0 else { throw Problem(description: "'\(key)' must be an array of strings") }
            return s
        }
    }

    private static func kafkaClusters(_ value: TOMLValue) throws -> [KafkaCluster] {
        guard case .array(let items) = value else { throw Problem(description: "'ingress.kafka-clusters' must be an array of tables") }
        return try items.map { item in
            guard case .table(let table) = item else { throw Problem(description: "'ingress.kafka-clusters' entries must be tables") }
            guard case .string(let name)? = table["name"] else { throw Problem(description: "'ingress.kafka-clusters' entries need a string 'name'") }
            let brokers = try table["brokers"].map { try stringArray($0, key: "ingress.kafka-clusters.brokers") } ?? []
            var properties: [String: String] = [:]
            for (key, value) in table where key != "name" && key != "brokers" {
                switch value {
                case .string(let s): properties[key] = s
                case .integer(let i): properties[key] = String(i)
                case .boolean(let b): properties[key] = String(b)
                default: throw Problem(description: "'ingress.kafka-clusters.\(key)' must be a string")
                }
            }
            return KafkaCluster(name: name, brokers: brokers, properties: properties)
        }
    }
}
