import AdminCore

/// `GET /services/{service}/revisions` (this project's addition, BEHAVIOR.md §5.8).
struct ServiceHistoryDTO: Encodable {
    let revisions: [Entry]

    init(_ entries: [ServiceHistoryEntry]) { revisions = entries.map(Entry.init) }

    struct Entry: Encodable {
        let entry: ServiceHistoryEntry

        private enum Keys: String, CodingKey { case revision, deployment_id, created_at, ty, handlers, changes }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(entry.revision.revision, forKey: .revision)
            try c.encode(entry.deploymentID.description, forKey: .deployment_id)
            try c.encode(Timestamp.rfc3339(milliseconds: entry.createdAtMilliseconds), forKey: .created_at)
            try c.encode(entry.revision.ty.adminName, forKey: .ty)
            try c.encode(entry.revision.sortedHandlers.map { Handler(name: $0.name, ty: $0.ty?.adminName) }, forKey: .handlers)
            try c.encode(entry.changes.map(Change.init), forKey: .changes)
        }
    }

    /// A handler: its name and type, `ty` always present (`null` without one).
    struct Handler: Encodable {
        let name: String
        let ty: String?

        private enum Keys: String, CodingKey { case name, ty }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(name, forKey: .name)
            try c.encode(ty, forKey: .ty)
        }
    }

    /// One change from the previous revision; `handler`, `before` and `after` always present.
    struct Change: Encodable {
        let change: RevisionChange

        init(_ change: RevisionChange) { self.change = change }

        private enum Keys: String, CodingKey { case kind, handler, before, after }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(change.kind.rawValue, forKey: .kind)
            try c.encode(change.handler, forKey: .handler)
            try c.encode(change.before, forKey: .before)
            try c.encode(change.after, forKey: .after)
        }
    }
}
