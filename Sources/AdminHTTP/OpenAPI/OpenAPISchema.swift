import AdminCore

/// The catalogue of the shapes `GET /openapi` describes: one case per request or response body
/// (named after Restate's component where Restate has one), each defined once and referenced
/// from every operation that uses it as `#/components/schemas/<name>`.
///
/// The definitions follow the DTOs that encode or decode each body (named on each case) and
/// BEHAVIOR.md §4; this project's additions carry `x-swift-restate-admin-addition`.
enum OpenAPISchema: String, CaseIterable, Sendable {
    // Deployments (DeploymentDTO, RegisterDeploymentRequestDTO, UpdateDeploymentRequestDTO, …)
    /// ``RegisterDeploymentRequestDTO``.
    case registerDeploymentRequest = "RegisterDeploymentRequest"
    /// ``RegisterDeploymentResponseDTO`` (also the answer of a promotion).
    case registerDeploymentResponse = "RegisterDeploymentResponse"
    /// ``UpdateDeploymentRequestDTO``.
    case updateDeploymentRequest = "UpdateDeploymentRequest"
    /// ``PromoteDeploymentRequestDTO`` (this project's addition).
    case promoteDeploymentRequest = "PromoteDeploymentRequest"
    /// ``DeploymentListDTO``.
    case listDeploymentsResponse = "ListDeploymentsResponse"
    /// ``DeploymentDTO`` with `.pairs` services.
    case deploymentResponse = "DeploymentResponse"
    /// ``DeploymentDTO`` with `.detailed` services.
    case detailedDeploymentResponse = "DetailedDeploymentResponse"
    /// `DeploymentDTO.Pair`.
    case serviceNameRevPair = "ServiceNameRevPair"
    /// A deployment id (`dp_…`).
    case deploymentID = "DeploymentId"
    /// The HTTP form's protocol type.
    case protocolType = "ProtocolType"
    /// A header map (``AdditionalHeaders``).
    case headerMap = "SerdeableHeaderHashMap"

    // Services and handlers
    /// ``ServiceListDTO``.
    case listServicesResponse = "ListServicesResponse"
    /// ``ServiceMetadataDTO``.
    case serviceMetadata = "ServiceMetadata"
    /// ``HandlerListDTO``.
    case listServiceHandlersResponse = "ListServiceHandlersResponse"
    /// ``HandlerMetadataDTO``.
    case handlerMetadata = "HandlerMetadata"
    /// ``RetryPolicyDTO``.
    case serviceRetryPolicy = "ServiceRetryPolicyMetadata"
    /// ``RetryOverridesDTO``.
    case handlerRetryPolicy = "HandlerRetryPolicyMetadata"
    /// ``InfoDTO``.
    case info = "Info"
    /// A service type.
    case serviceType = "ServiceType"
    /// A handler type.
    case handlerType = "HandlerMetadataType"
    /// `Pause` or `Kill`.
    case onMaxAttempts = "OnMaxAttempts"
    /// A duration as this server prints it (BEHAVIOR.md §4.1).
    case duration = "Duration"
    /// ``ModifyServiceRequestDTO``.
    case modifyServiceRequest = "ModifyServiceRequest"
    /// ``ModifyServiceStateRequestDTO``.
    case modifyServiceStateRequest = "ModifyServiceStateRequest"
    /// ``ServiceOpenAPIDocument``.
    case serviceOpenAPIDocument = "ServiceOpenAPIDocument"
    /// ``ServiceHistoryDTO`` (this project's addition).
    case serviceRevisionsResponse = "ServiceRevisionsResponse"
    /// `ServiceHistoryDTO.Entry`.
    case serviceRevision = "ServiceRevision"
    /// `ServiceHistoryDTO.Change`.
    case revisionChange = "RevisionChange"

    // Subscriptions, invocations, meta, errors
    /// ``CreateSubscriptionRequestDTO``.
    case createSubscriptionRequest = "CreateSubscriptionRequest"
    /// ``SubscriptionDTO``.
    case subscriptionResponse = "SubscriptionResponse"
    /// ``SubscriptionListDTO``.
    case listSubscriptionsResponse = "ListSubscriptionsResponse"
    /// The answer of `restart-as-new`.
    case restartAsNewInvocationResponse = "RestartAsNewInvocationResponse"
    /// The answer of `GET /version`.
    case versionInformation = "VersionInformation"
    /// The answer of `GET /cluster-health`.
    case clusterHealthResponse = "ClusterHealthResponse"
    /// The body of `POST /query` (which this server does not implement).
    case queryRequest = "QueryRequest"
    /// ``ErrorBody``.
    case errorDescriptionResponse = "ErrorDescriptionResponse"
    /// ``ViolationDTO`` (this project's addition).
    case violation = "Violation"

    /// `{"$ref": "#/components/schemas/<name>"}`.
    var ref: JSONValue { JSONSchema.ref(self) }

    /// Every definition, for `components.schemas`.
    static var components: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.definition) }))
    }

    /// The schema.
    var definition: JSONValue {
        switch self {
        case .registerDeploymentRequest: Self.registerDeploymentRequestSchema
        case .registerDeploymentResponse: Self.registerDeploymentResponseSchema
        case .updateDeploymentRequest: Self.updateDeploymentRequestSchema
        case .promoteDeploymentRequest: Self.promoteDeploymentRequestSchema
        case .listDeploymentsResponse:
            JSONSchema.object(["deployments": JSONSchema.array(Self.deploymentResponse.ref)], required: ["deployments"], closed: true)
        case .deploymentResponse: Self.deploymentSchema(services: JSONSchema.array(Self.serviceNameRevPair.ref))
        case .detailedDeploymentResponse: Self.deploymentSchema(services: JSONSchema.array(Self.serviceMetadata.ref))
        case .serviceNameRevPair:
            JSONSchema.object(["name": JSONSchema.string, "revision": JSONSchema.u32], required: ["name", "revision"], closed: true)
        case .deploymentID:
            JSONSchema.described(
                .object(["type": "string", "pattern": "^dp_1[0-9a-zA-Z]{22}$"]), "A deployment id: dp_1 followed by 22 base62 digits.")
        case .protocolType: JSONSchema.enumeration(["RequestResponse", "BidiStream"])
        case .headerMap:
            JSONSchema.described(JSONSchema.stringMap, "Header names (lower-cased HTTP tokens) to header values.")
        case .listServicesResponse:
            JSONSchema.object(["services": JSONSchema.array(Self.serviceMetadata.ref)], required: ["services"], closed: true)
        case .serviceMetadata: Self.serviceMetadataSchema
        case .listServiceHandlersResponse:
            JSONSchema.object(["handlers": JSONSchema.array(Self.handlerMetadata.ref)], required: ["handlers"], closed: true)
        case .handlerMetadata: Self.handlerMetadataSchema
        case .serviceRetryPolicy: Self.serviceRetryPolicySchema
        case .handlerRetryPolicy: Self.handlerRetryPolicySchema
        case .info:
            JSONSchema.object(["code": JSONSchema.string, "message": JSONSchema.string], required: ["message"], closed: true)
        case .serviceType: JSONSchema.enumeration(["Service", "VirtualObject", "Workflow"])
        case .handlerType: JSONSchema.enumeration(["Exclusive", "Shared", "Workflow"])
        case .onMaxAttempts: JSONSchema.enumeration(["Pause", "Kill"])
        case .duration:
            JSONSchema.described(
                JSONSchema.string, "A duration in jiff's compact friendly form with days as the largest unit, e.g. 1d 12h, 10m, 500ms, 0s.")
        case .modifyServiceRequest: Self.modifyServiceRequestSchema
        case .modifyServiceStateRequest: Self.modifyServiceStateRequestSchema
        case .serviceOpenAPIDocument: Self.serviceOpenAPIDocumentSchema
        case .serviceRevisionsResponse: Self.serviceRevisionsResponseSchema
        case .serviceRevision: Self.serviceRevisionSchema
        case .revisionChange: Self.revisionChangeSchema
        case .createSubscriptionRequest: Self.createSubscriptionRequestSchema
        case .subscriptionResponse: Self.subscriptionResponseSchema
        case .listSubscriptionsResponse:
            JSONSchema.object(["subscriptions": JSONSchema.array(Self.subscriptionResponse.ref)], required: ["subscriptions"], closed: true)
        case .restartAsNewInvocationResponse:
            JSONSchema.object(["new_invocation_id": JSONSchema.string], required: ["new_invocation_id"], closed: true)
        case .versionInformation: Self.versionInformationSchema
        case .clusterHealthResponse: Self.clusterHealthResponseSchema
        case .queryRequest: JSONSchema.object(["query": JSONSchema.string], required: ["query"])
        case .errorDescriptionResponse: Self.errorDescriptionResponseSchema
        case .violation: Self.violationSchema
        }
    }
}
