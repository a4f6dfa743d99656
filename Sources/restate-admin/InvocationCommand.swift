import AdminCore

/// An `invocations` subcommand that takes an id only and sends one bodiless `PATCH`.
protocol InvocationCommand: ClientSubcommand {
    /// The operation, which names the route.
    static var operation: InvocationRules.Operation { get }
    /// Where the Admin API is.
    var connection: AdminCommand.ClientOptions { get }
    /// The invocation id.
    var id: String { get }
}

extension InvocationCommand {
    /// Refuses an id that is not `inv_…`.
    mutating func validate() throws {
        try AdminCommand.Invocations.validateID(id)
    }

    /// Sends the operation and confirms it.
    func output() async throws -> String {
        try await AdminCommand.Invocations.operate(Self.operation, id: id, connection: connection)
    }
}
