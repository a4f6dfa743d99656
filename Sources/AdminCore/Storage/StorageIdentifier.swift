/// The resource ids the storage backends store as text and parse back.
package protocol StorageIdentifier: Comparable {
    /// Parses the id from its text form.
    init(parsing text: String) throws(AdminError)
}

extension DeploymentID: StorageIdentifier {}
extension SubscriptionID: StorageIdentifier {}
extension InvocationID: StorageIdentifier {}
