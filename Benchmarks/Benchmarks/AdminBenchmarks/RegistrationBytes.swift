import AdminCore
import Foundation

/// The records one registration writes, captured from a real one (``SchemaUpdater/register``
/// against a registry of 10 deployments, the changes applied with ``RegistryChanges/apply(to:)``)
/// and encoded with ``RecordCodec`` as the backends encode them: the rows `SQLiteStorage` writes
/// and the keys and values `LMDBStorage` writes for it, byte for byte.
///
/// Every value or key that holds the deployment id is ``Stamped``: the raw writers stamp a fresh id
/// into it for each write, so each write inserts a new deployment, as a registration does.
struct RegistrationBytes: Sendable {
    /// Bytes holding the captured deployment id at known offsets.
    struct Stamped: Sendable {
        /// The captured bytes.
        let bytes: [UInt8]
        /// Where the captured id starts in ``bytes``.
        let offsets: [Int]

        /// Finds every occurrence of `id` in `bytes`.
        init(_ bytes: [UInt8], id: [UInt8]) {
            self.bytes = bytes
            var offsets: [Int] = []
            var index = 0
            while index + id.count <= bytes.count {
                if bytes[index..<index + id.count].elementsEqual(id) {
                    offsets.append(index)
                    index += id.count
                } else {
                    index += 1
                }
            }
            self.offsets = offsets
        }

        /// The bytes with `id` (as long as the captured id) in place of the captured id.
        func with(_ id: [UInt8]) -> [UInt8] {
            var copy = bytes
            for offset in offsets { copy.replaceSubrange(offset..<offset + id.count, with: id) }
            return copy
        }
    }

    /// A service revision: its row in `service_revisions` and its key in LMDB's `revisions`.
    struct Revision: Sendable {
        /// The service name.
        let service: [UInt8]
        /// The revision number.
        let revision: Int64
        /// The SQLite `json` column (the revision record).
        let json: [UInt8]
        /// LMDB `revisions` key: part(service) + big-endian revision + deployment id.
        let lmdbKey: Stamped
        /// LMDB `revisions` value: the sorted names of the bucket.
        let lmdbValue: [UInt8]
    }

    /// A latest-revision pointer: its row in `latest` and its bucket in LMDB's `latest`.
    struct Latest: Sendable {
        /// The service name.
        let service: [UInt8]
        /// The revision number.
        let revision: Int64
        /// LMDB `latest` key: part(service).
        let lmdbKey: [UInt8]
        /// LMDB `latest` value: the bucket with the one pointer.
        let lmdbValue: Stamped
    }

    /// One entry of LMDB's `latest` bucket, the same members in the same order as the backend's
    /// own record, so that it encodes to the same bytes.
    private struct LatestEntry: Encodable {
        var service: String
        var latest: LatestRevision
    }

    /// The registered deployment (with its services), for the model of Restate.
    let deployment: Deployment
    /// The registry version the registration wrote.
    let version: UInt64
    /// The identity key (`deployments.identity_key`, LMDB `identity` value).
    let identityKey: [UInt8]
    /// SQLite `deployments.json`: the deployment without its services.
    let sqliteDeployment: Stamped
    /// LMDB `deployments` value: the deployment with its services.
    let lmdbDeployment: Stamped
    /// LMDB `identity` key: part(identity key) + deployment id.
    let lmdbIdentityKey: Stamped
    /// The service revisions.
    let revisions: [Revision]
    /// The latest-revision pointers.
    let latest: [Latest]
    /// The change-log entry (the same bytes in both backends).
    let change: Stamped

    /// Registers one deployment (a new revision of a service the registry holds) into an
    /// in-memory registry of 10 deployments and captures what it wrote.
    static func capture() async throws -> RegistrationBytes {
        let fixture = try await Fixture(backend: .inMemory, deployments: 10)
        let discovered = try DiscoveryResponseValidator.validate(
            contentType: "application/vnd.restate.endpointmanifest.v4+json", body: Fixture.manifest(service: "svc.seed1"),
            transport: .http(.http2), serverHeader: nil
        )
        let request = RegistrationRequest(address: Fixture.address("run", 1), allowBreaking: .yes)
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        let (changes, applied) = try await fixture.storage.write { writer in
            let (changes, _) = try SchemaUpdater.register(
                request, discovered: discovered, in: writer, configuration: AdminConfiguration(), newID: DeploymentID.generate(), now: now
            )
            return (changes, try changes.apply(to: writer))
        }
        try await fixture.close()
        guard let applied, let deployment = changes.upserts.values.first else {
            throw RawStorageError(description: "the captured registration changed nothing")
        }
        return try RegistrationBytes(deployment: deployment, latest: changes.latest, change: applied)
    }

    private init(deployment: Deployment, latest: [String: LatestRevision?], change: RegistryChange) throws {
        let codec = RecordCodec(location: "benchmark")
        let id = Array(deployment.id.description.utf8)
        self.deployment = deployment
        version = change.version
        identityKey = Array(deployment.address.identityKey.utf8)
        var bare = deployment
        bare.services = [:]
        sqliteDeployment = Stamped(try codec.encode(bare), id: id)
        lmdbDeployment = Stamped(try codec.encode(deployment), id: id)
        lmdbIdentityKey = Stamped(Self.part(deployment.address.identityKey) + id, id: id)
        revisions = try deployment.sortedServices.map { service in
            Revision(
                service: Array(service.name.utf8), revision: Int64(service.revision), json: try codec.encode(service),
                lmdbKey: Stamped(Self.part(service.name) + Self.bigEndian(service.revision) + id, id: id),
                lmdbValue: try codec.encode([service.name])
            )
        }
        self.latest = try latest.sorted { $0.key < $1.key }.compactMap { service, pointer in
            guard let pointer else { return nil }
            return Latest(
                service: Array(service.utf8), revision: Int64(pointer.revision), lmdbKey: Self.part(service),
                lmdbValue: Stamped(try codec.encode([LatestEntry(service: service, latest: pointer)]), id: id)
            )
        }
        self.change = Stamped(try codec.encode(change), id: id)
    }

    /// LMDB's length-prefixed key part (names here are short, never shortened by a hash).
    static func part(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        precondition(bytes.count <= 240, "a key part the backend would shorten")
        return bigEndian(UInt16(bytes.count)) + bytes
    }

    /// The big-endian bytes of an integer.
    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
