import ArgumentParser
import Foundation

extension AdminCommand {
    /// Where the client subcommands find the Admin API.
    struct ClientOptions: ParsableArguments {
        @Option(help: "The Admin API to talk to. [default: $RESTATE_ADMIN_URL, else http://127.0.0.1:9070]")
        var adminURL: String?

        @Flag(help: "Print JSON for scripts (the server's JSON, or the shape the command's help describes) instead of a table.")
        var json = false

        /// The flag, else `RESTATE_ADMIN_URL` (the Restate CLI's variable), else the local default.
        func serverText(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
            adminURL ?? environment["RESTATE_ADMIN_URL"] ?? "http://127.0.0.1:9070"
        }

        /// The Admin API's URL (see ``serverText(environment:)``).
        /// - Throws: `ValidationError` saying what is wrong with it, and where it came from when
        ///   that is the environment.
        func server(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ValidationError) -> AdminURL {
            let text = serverText(environment: environment)
            do {
                return try AdminURL(parsing: text)
            } catch {
                throw ValidationError(error.message + (adminURL == nil && environment["RESTATE_ADMIN_URL"] != nil ? " (from RESTATE_ADMIN_URL)" : ""))
            }
        }

        /// Refuses an admin URL that is not `http(s)://host[:port][/path]`.
        mutating func validate() throws {
            _ = try server()
        }

        /// Runs `body` with a client of the Admin API (see ``AdminClient/with(_:_:)``).
        /// - Throws: ``CLIFailure`` for an invalid admin URL (``validate()`` refuses it
        ///   first), or what `body` throws.
        func withClient<T>(_ body: (AdminClient) async throws -> T) async throws -> T {
            let url: AdminURL
            do {
                url = try server()
            } catch {
                throw CLIFailure.invalidInput("error: \(error.message)")
            }
            return try await AdminClient.with(url, body)
        }
    }
}

/// A client subcommand: computes its output, prints it, and turns a failure into its exit code
/// (``CLIExitCode``): 1 when the server refused, 2 for invalid local input, 3 when the server
/// cannot be reached. Failures go to standard error, `error` and breaking changes in red on a
/// terminal (``ClientOutput/styledFailure(_:style:)``).
protocol ClientSubcommand: AsyncParsableCommand {
    /// The text to print, without colour or progress (what tests compare).
    func output() async throws -> String
    /// The text to print on `display`; by default ``output()``.
    func output(display: ClientDisplay) async throws -> String
}

extension ClientSubcommand {
    /// ``output()``: a command that has no colour or progress to show.
    func output(display: ClientDisplay) async throws -> String {
        try await output()
    }

    /// Prints ``output(display:)`` for the terminal (``ClientDisplay/terminal``), or the failure
    /// on standard error and exits with its code.
    func run() async throws {
        do {
            print(try await output(display: .terminal))
        } catch let failure as CLIFailure {
            let text = ClientOutput.styledFailure(failure.description, style: .standardError)
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(failure.exitCode)
        }
    }
}

/// A client subcommand with colour or progress to show: it implements
/// ``ClientSubcommand/output(display:)`` and gets ``ClientSubcommand/output()`` as its plain form.
protocol DisplayingClientSubcommand: ClientSubcommand {
    /// Where the Admin API is, and whether `--json` was given.
    var connection: AdminCommand.ClientOptions { get }
}

extension DisplayingClientSubcommand {
    /// The output without colour or progress.
    func output() async throws -> String {
        try await output(display: .plain)
    }

    /// `display`, or ``ClientDisplay/plain`` with `--json`: JSON never carries colour, and no
    /// progress is drawn under it.
    func effectiveDisplay(_ display: ClientDisplay) -> ClientDisplay {
        connection.json ? .plain : display
    }
}
