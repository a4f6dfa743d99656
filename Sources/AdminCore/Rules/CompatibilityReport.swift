/// What ``CompatibilityCheck/check(old:new:configuration:)`` found: the breaking changes the
/// registration rules refuse, and, for people reading it, the differences they accept.
public struct CompatibilityReport: Hashable, Sendable {
    /// One handler of one service.
    public struct HandlerReference: Hashable, Sendable {
        /// The service name.
        public var service: String
        /// The handler name.
        public var handler: String

        /// Creates a reference.
        public init(service: String, handler: String) {
            self.service = service
            self.handler = handler
        }
    }

    /// A handler whose type changed in a service whose type did not (VERSIONING.md R26: not
    /// breaking, e.g. Exclusive → Shared on a virtual object).
    public struct HandlerTypeChange: Hashable, Sendable {
        /// The service name.
        public var service: String
        /// The handler name.
        public var handler: String
        /// The old type in the Admin API's spelling (`Exclusive`, `Shared`, `Workflow`).
        public var before: String
        /// The new type in the Admin API's spelling.
        public var after: String

        /// Creates a change record.
        public init(service: String, handler: String, before: String, after: String) {
            self.service = service
            self.handler = handler
            self.before = before
            self.after = after
        }
    }

    /// Every breaking change, as the META0006 refusal of the registration lists them (service
    /// name order; within a service the type change first, then removed handlers by name).
    public var breakingChanges: [BreakingChange]
    /// Services of the new endpoint the old one does not have, by name.
    public var addedServices: [String]
    /// Handlers added to services both endpoints have, by service and then handler name.
    public var addedHandlers: [HandlerReference]
    /// Handlers whose type changed in services that kept their type, in the same order.
    public var handlerTypeChanges: [HandlerTypeChange]
    /// Services of the old endpoint the new one lacks, by name. Not breaking (R26): registering
    /// the new endpoint leaves them served by the old deployment.
    public var omittedServices: [String]

    /// Whether `new` can be registered after `old` without `breaking` or `force`.
    public var isCompatible: Bool { breakingChanges.isEmpty }

    /// Creates a report from its parts.
    public init(
        breakingChanges: [BreakingChange], addedServices: [String] = [], addedHandlers: [HandlerReference] = [],
        handlerTypeChanges: [HandlerTypeChange] = [], omittedServices: [String] = []
    ) {
        self.breakingChanges = breakingChanges
        self.addedServices = addedServices
        self.addedHandlers = addedHandlers
        self.handlerTypeChanges = handlerTypeChanges
        self.omittedServices = omittedServices
    }

    /// A report with `breakingChanges` and the differences between the service revisions of two
    /// deployments as the rules built them.
    init(breakingChanges: [BreakingChange], old: Deployment, new: Deployment) {
        var addedHandlers: [HandlerReference] = []
        var typeChanges: [HandlerTypeChange] = []
        for (name, revision) in new.services.sorted(by: { $0.key < $1.key }) {
            guard let previous = old.services[name], previous.ty == revision.ty else { continue }
            for (handlerName, handler) in revision.handlers.sorted(by: { $0.key < $1.key }) {
                guard let before = previous.handlers[handlerName] else {
                    addedHandlers.append(HandlerReference(service: name, handler: handlerName))
                    continue
                }
                if let from = before.ty, let to = handler.ty, from != to {
                    typeChanges.append(HandlerTypeChange(service: name, handler: handlerName, before: from.adminName, after: to.adminName))
                }
            }
        }
        self.init(
            breakingChanges: breakingChanges,
            addedServices: new.services.keys.filter { old.services[$0] == nil }.sorted(),
            addedHandlers: addedHandlers,
            handlerTypeChanges: typeChanges,
            omittedServices: old.services.keys.filter { new.services[$0] == nil }.sorted()
        )
    }
}
