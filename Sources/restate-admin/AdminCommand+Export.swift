import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin export`: writes everything a data folder holds as one JSON document.
    struct Export: AsyncParsableCommand {
        /// The subcommand's configuration.
        static let configuration = CommandConfiguration(
            abstract: "Dump everything a data folder holds as one JSON document.",
            discussion: """
                Deployments with their service revisions (and settings), the latest revision pointers, \
                subscriptions, service state, invocation records and the registry version, read in one \
                snapshot. The change log is not exported. A SQLite data folder can be exported while a \
                server runs on it; an LMDB one is refused while a server holds it (exit code 1). Exit code 2 \
                when the data folder holds no store or one that cannot be opened.
                """
        )

        @Option(help: "The directory holding the stored registry.")
        var dataDir: String = "./restate-admin-data"

        @Option(help: "The storage engine: sqlite, lmdb or postgres.")
        var storage: StorageKind = .sqlite

        @Option(help: "The PostgreSQL database of --storage postgres: postgres://user:password@host:port/database.")
        var postgresUrl: String?

        @Option(help: "Write the dump to this file (default: standard output).")
        var output: String?

        /// Reads the dump and writes it; with `--output`, says what it wrote.
        func run() async throws {
            let folder = DataFolder(kind: storage, directory: URL(fileURLWithPath: dataDir), postgresURL: postgresUrl)
            let store = try await folder.open(mustExist: true)
            let dump: RegistryDump
            do {
                dump = try await StorageDump.export(from: store)
                try await store.close()
            } catch {
                try? await store.close()
                throw CLIFailure.refused("error: cannot read \(folder.storeName): \(error)")
            }
            let bytes = try dump.encoded()
            guard let output else {
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            do { try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIFailure.invalidInput("error: cannot write \(output): \(error.localizedDescription)")
            }
            print("Exported \(Self.summary(dump)) to \(output).")
        }

        /// `registry version N: D deployments, …`.
        static func summary(_ dump: RegistryDump) -> String {
            "registry version \(dump.registryVersion): \(dump.contentsSummary)"
        }
    }
}
