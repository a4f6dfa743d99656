/// What a registration (`POST /deployments`) or a promotion did, or in a dry run would do.
enum RegistrationOutcome: String, Sendable {
    /// A new deployment (`201`).
    case created
    /// The deployment at that address was replaced (`200` with `--force`).
    case overwritten
    /// The address was already registered and nothing changed (`200` without `--force`).
    case unchanged
    /// The deployment's services now point to it (`POST /deployments/{id}/promote`).
    case promoted

    /// The outcome of a registration answered with `status`.
    init(registrationStatus status: Int, force: Bool) {
        self = status == 201 ? .created : (force ? .overwritten : .unchanged)
    }

    /// The headline before the services: `Registered dp_… with:`, `Dry run: dp_… would be
    /// registered with:` and so on.
    func headline(id: String, dryRun: Bool) -> String {
        switch (self, dryRun) {
        case (.created, false): "Registered \(id) with:"
        case (.created, true): "Dry run: \(id) would be registered with:"
        case (.overwritten, false): "Overwrote \(id) with:"
        case (.overwritten, true): "Dry run: \(id) would be overwritten with:"
        case (.unchanged, false): "Already registered, unchanged: \(id) with:"
        case (.unchanged, true): "Dry run: already registered, would stay unchanged: \(id) with:"
        case (.promoted, false): "Promoted \(id) with:"
        case (.promoted, true): "Dry run: \(id) would be promoted with:"
        }
    }
}
