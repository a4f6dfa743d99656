import AdminCore

/// One change a write made, as written to the log file. A committed write is one line: the JSON
/// array of its operations.
enum LogOperation: Codable {
    case putDeployment(Deployment)
    case removeDeployment(DeploymentID)
    case setLatestRevision(LatestRevision?, service: String)
    case setSchemaVersion(UInt64)
    case putSubscription(Subscription)
    case removeSubscription(SubscriptionID)
    case setServiceState(service: String, key: String, state: [String: [UInt8]])
    case putInvocation(InvocationRecord)
    case removeInvocation(InvocationID)
    case appendChange(RegistryChange)
    case clearChangeLog
}
