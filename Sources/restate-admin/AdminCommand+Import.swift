import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin import`: restores a dump written by `export` into a data folder.
    struct Import: AsyncParsableCommand {
        /// The subcommand's configuration.
        static let configuration = CommandConfiguration(
            abstract: "Restore a dump written by export into a data folder, in one transaction.",
            discussion: """
                Stop the server first: an LMDB data folder a server holds is refused (exit code 1); a SQLite \
                one cannot be detected, and a running server would keep serving the registry it had loaded. \
                A data folder that is not empty is refused (exit code 1) unless --replace, which replaces \
                everything in the same transaction. A dump that cannot be read, of a newer format, or whose \
                references do not hold is refused with exit code 2. A refusal changes nothing. The change log \
                starts empty at the imported registry version.
                """
        )

        @Option(help: "The directory holding the stored registry.")
        var dataDir: String = "./restate-admin-data"

        @Option(help: "The storage engine: sqlite, lmdb or postgres.")
        var storage: StorageKind = .sqlite

        @Option(help: "The PostgreSQL database of --storage postgres: postgres://user:password@host:port/database.")
        var postgresUrl: String?

        @Option(help: "The dump to import, as written by export.")
        var input: String

        @Flag(help: "Replace everything the data folder holds.")
        var replace = false

        /// Reads and checks the dump, then restores it.
        func run() async throws {
            let dump = try readDump()
            let folder = DataFolder(kind: storage, directory: URL(fileURLWithPath: dataDir), postgresURL: postgresUrl)
            let store = try await folder.open(mustExist: false)
            do {
                try await StorageRestore.restore(dump, into: store, replace: replace)
                try await store.close()
            } catch {
                try? await store.close()
                throw Self.failure(error, target: folder.storeName)
            }
            print("Imported \(Export.summary(dump)) into \(folder.storeName).")
        }

        /// The dump in `--input`, its format and references checked.
        /// - Throws: ``CLIFailure/invalidInput(_:)`` when it cannot be read or is not a valid dump.
        func readDump() throws -> RegistryDump {
            let bytes: Data
            do { bytes = try Data(contentsOf: URL(fileURLWithPath: input)) } catch {
                throw CLIFailure.invalidInput("error: cannot read \(input): \(error.localizedDescription)")
            }
            do throws(AdminError) {
                let dump = try RegistryDump.decode(bytes)
                try dump.checkReferences()
                return dump
            } catch {
                throw CLIFailure.invalidInput("error: \(input): \(error.message)")
            }
        }

        /// The failure for an error of the restore: a target that is not empty is a refusal, an
        /// invalid dump invalid input, anything else (the storage failed) a refusal too.
        static func failure(_ error: any Error, target: String) -> CLIFailure {
            guard let error = error as? AdminError else { return .refused("error: import into \(target) failed: \(error); nothing was imported") }
            if error.kind == .invalidArgument || error.kind == .notSupported { return .invalidInput("error: \(error.message)") }
            if error.kind == .conflict {
                return .refused("error: \(target): \(error.message.replacingOccurrences(of: "restore with replace", with: "import with --replace"))")
            }
            return .refused("error: import into \(target) failed: \(error.message); nothing was imported")
        }
    }
}
