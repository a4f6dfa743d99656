import Foundation

/// Everything a ``Storage`` holds, as one versioned JSON document: what `restate-admin export`
/// writes and `restate-admin import` reads, and what ``StorageDump`` and ``StorageRestore`` move
/// between backends.
///
/// ```json
/// {"format":"swift-restate-admin/registry-dump","version":1,"registryVersion":7,
///  "deployments":[{"id":"dp_…","address":…,"services":{"Greeter":{…}}}],
///  "latest":[{"service":"Greeter","deploymentID":"dp_…","revision":2}],
///  "subscriptions":[{"id":"sub_…","source":"kafka://…","sink":"service://…","options":{…}}],
///  "state":[{"service":"Counter","key":"alice","entries":{"count":"MQ=="}}],
///  "invocations":[{"id":"inv_…","target":"Counter/alice/add","status":"invoked",…}]}
/// ```
///
/// - `format` and `version` come first; a reader refuses another `format` and a `version` newer
///   than ``currentVersion`` before it looks at anything else.
/// - Deployments, subscriptions and invocation records have the shape the durable backends store
///   them in (each deployment with its own copy of every service revision, settings changed with
///   `PATCH /services/{service}` included); `latest` lists the latest-revision pointers as stored
///   (not recomputed); `state` values are base64. Every list is sorted (by id, by service, by
///   service and key), so one registry always gives the same bytes.
/// - The change log is not part of it: a restored storage starts its log empty at
///   `registryVersion`, and followers load the registry whole.
public struct RegistryDump: Hashable, Sendable {
    /// The value of the `format` field.
    public static let format = "swift-restate-admin/registry-dump"
    /// The newest `version` of the document this build writes and reads.
    public static let currentVersion = 1

    /// The document's format version (``currentVersion`` when exported by this build).
    public var version: Int
    /// The registry version of the exported snapshot; a restore sets it as is.
    public var registryVersion: UInt64
    /// Every deployment with its service revisions, sorted by id.
    public var deployments: [Deployment]
    /// The latest-revision pointer of every service, by service name.
    public var latest: [String: LatestRevision]
    /// Every subscription, sorted by id.
    public var subscriptions: [Subscription]
    /// Every object that has state, sorted by service and key.
    public var states: [ObjectState]
    /// Every invocation record, sorted by id.
    public var invocations: [InvocationRecord]

    /// Creates a dump of the current format version.
    public init(
        registryVersion: UInt64, deployments: [Deployment] = [], latest: [String: LatestRevision] = [:],
        subscriptions: [Subscription] = [], states: [ObjectState] = [], invocations: [InvocationRecord] = []
    ) {
        version = Self.currentVersion
        self.registryVersion = registryVersion
        self.deployments = deployments
        self.latest = latest
        self.subscriptions = subscriptions
        self.states = states
        self.invocations = invocations
    }

    /// Reads everything `reader` holds (run it in one read transaction, so it is one snapshot).
    public init(reading reader: any StorageReader) throws {
        self.init(
            registryVersion: try reader.schemaVersion(), deployments: try reader.allDeployments(),
            latest: try reader.allLatestRevisions(), subscriptions: try reader.allSubscriptions(),
            states: try reader.allServiceStates(), invocations: try reader.allInvocations()
        )
    }

    /// Whether the dump holds no record (its registry version aside).
    public var isEmpty: Bool {
        deployments.isEmpty && latest.isEmpty && subscriptions.isEmpty && states.isEmpty && invocations.isEmpty
    }

    /// The document's JSON bytes, compact and deterministic, ending with a newline.
    /// - Throws: ``AdminError`` (`.internal`) when a value cannot be encoded.
    public func encoded() throws(AdminError) -> [UInt8] {
        do { return try JSONStreamEncoder.encode(self, reservingCapacity: 64 * 1_024) + [UInt8(ascii: "\n")] } catch {
            throw AdminError(.internal, "cannot encode the registry dump: \(error)")
        }
    }

    /// Reads a document.
    /// - Throws: ``AdminError`` `.invalidArgument` when `bytes` is not a registry dump (not JSON,
    ///   another `format`, a malformed record), `.notSupported` when its `version` is newer than
    ///   ``currentVersion``. References are checked by ``checkReferences()``.
    public static func decode(_ bytes: some Collection<UInt8>) throws(AdminError) -> RegistryDump {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw AdminError(.invalidArgument, "not a registry dump: expected a JSON object with \"format\" and \"version\" (\(Self.reason(error)))")
        }
        guard header.format == format else {
            throw AdminError(.invalidArgument, "not a registry dump: format '\(header.format)', expected '\(format)'")
        }
        guard header.version <= currentVersion else {
            throw AdminError(
                .notSupported,
                "the dump has format version \(header.version), newer than this build reads (\(currentVersion)): import it with a newer restate-admin"
            )
        }
        guard header.version >= 1 else { throw AdminError(.invalidArgument, "invalid registry dump: format version \(header.version)") }
        do { return try decoder.decode(RegistryDump.self, from: data) } catch {
            throw AdminError(.invalidArgument, "invalid registry dump: \(Self.reason(error))")
        }
    }

    /// The `format` and `version` fields, read before the rest.
    private struct Header: Decodable {
        var format: String
        var version: Int
    }

    /// A decoding error as one line: what was wrong, and where.
    private static func reason(_ error: any Error) -> String {
        let context: DecodingError.Context
        switch error {
        case DecodingError.dataCorrupted(let c), DecodingError.keyNotFound(_, let c), DecodingError.typeMismatch(_, let c),
            DecodingError.valueNotFound(_, let c):
            context = c
        default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey].map { ": \($0)" } ?? ""
        return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription + underlying
    }
}

extension RegistryDump: Codable {
    private enum Keys: String, CodingKey {
        case format, version, registryVersion, deployments, latest, subscriptions, state, invocations
    }

    /// One `latest` entry.
    private struct Pointer: Codable {
        var service: String
        var deploymentID: DeploymentID
        var revision: UInt32
    }

    /// One `state` entry, its values in base64.
    private struct StateEntry: Codable {
        var service: String
        var key: String
        var entries: [String: String]
    }

    /// Decodes a document (``decode(_:)`` checks `format` and `version` first).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        version = try c.decode(Int.self, forKey: .version)
        registryVersion = try c.decode(UInt64.self, forKey: .registryVersion)
        deployments = try c.decode([Deployment].self, forKey: .deployments)
        var latest: [String: LatestRevision] = [:]
        for pointer in try c.decode([Pointer].self, forKey: .latest) {
            guard latest.updateValue(LatestRevision(deploymentID: pointer.deploymentID, revision: pointer.revision), forKey: pointer.service) == nil
            else {
                throw DecodingError.dataCorruptedError(
                    forKey: .latest, in: c, debugDescription: "two latest pointers for service '\(pointer.service)'")
            }
        }
        self.latest = latest
        subscriptions = try c.decode([Subscription].self, forKey: .subscriptions)
        states = try c.decode([StateEntry].self, forKey: .state).map { entry in
            var entries: [String: [UInt8]] = [:]
            for (name, text) in entry.entries {
                guard let bytes = Data(base64Encoded: text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .state, in: c, debugDescription: "state entry '\(name)' of \(entry.service)/\(entry.key) is not base64")
                }
                entries[name] = [UInt8](bytes)
            }
            return ObjectState(service: entry.service, key: entry.key, entries: entries)
        }
        invocations = try c.decode([InvocationRecord].self, forKey: .invocations)
    }

    /// Encodes the document: `format` and `version` first, every list sorted.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(registryVersion, forKey: .registryVersion)
        try c.encode(deployments.sorted { $0.id < $1.id }, forKey: .deployments)
        let pointers = latest.sorted { $0.key < $1.key }.map {
            Pointer(service: $0.key, deploymentID: $0.value.deploymentID, revision: $0.value.revision)
        }
        try c.encode(pointers, forKey: .latest)
        try c.encode(subscriptions.sorted { $0.id < $1.id }, forKey: .subscriptions)
        let entries = states.sorted(by: ObjectState.listedBefore).map { state in
            StateEntry(service: state.service, key: state.key, entries: state.entries.mapValues { Data($0).base64EncodedString() })
        }
        try c.encode(entries, forKey: .state)
        try c.encode(invocations.sorted { $0.id < $1.id }, forKey: .invocations)
    }
}

extension RegistryDump {
    /// What the document holds, counted for people: "1 deployment, 3 services, 0 subscriptions,
    /// 0 objects with state, 0 invocation records".
    public var contentsSummary: String {
        /// `n noun` with the plural for every count but 1.
        func count(_ number: Int, _ singular: String, _ plural: String) -> String { "\(number) \(number == 1 ? singular : plural)" }
        return [
            count(deployments.count, "deployment", "deployments"), count(latest.count, "service", "services"),
            count(subscriptions.count, "subscription", "subscriptions"), count(states.count, "object with state", "objects with state"),
            count(invocations.count, "invocation record", "invocation records"),
        ].joined(separator: ", ")
    }
}
