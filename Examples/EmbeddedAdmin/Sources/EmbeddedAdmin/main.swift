import AdminCore
import Foundation

// A registry in memory, and a discovery client that answers from canned manifests.
let storage = InMemoryStorage()
let discovery = StubDiscoveryClient()
let admin = AdminService(storage: storage, discovery: discovery)

func manifest(_ handlers: [String], type: String = "SERVICE") -> Data {
    let list = handlers.map { "{\"name\":\"\($0)\"}" }.joined(separator: ",")
    return Data(
        """
        {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,
         "services":[{"name":"Greeter","ty":"\(type)","handlers":[\(list)]}]}
        """.utf8)
}

let v1 = RequestedAddress.http(try DeploymentURI(parsing: "http://localhost:9080"), useHTTP11: false)
discovery.respond(to: v1, with: .init(body: manifest(["greet", "farewell"])))
let first = try await admin.registerDeployment(RegistrationRequest(address: v1))
print("registered \(first.deployment.id): \(first.result.rawValue)")

// A second version that drops a handler and changes the type is refused, with every violation.
let v2 = RequestedAddress.http(try DeploymentURI(parsing: "http://localhost:9081"), useHTTP11: false)
discovery.respond(to: v2, with: .init(body: manifest([], type: "VIRTUAL_OBJECT")))
do {
    _ = try await admin.registerDeployment(RegistrationRequest(address: v2))
} catch let error as AdminError {
    print(error)
    for violation in error.violations {
        print(" - \(violation.rule.rawValue) \(violation.service) \(violation.handler ?? "") \(violation.before ?? "") → \(violation.after ?? "")")
    }
}

// With breaking changes allowed, it becomes revision 2.
let second = try await admin.registerDeployment(RegistrationRequest(address: v2, allowBreaking: .yes))
let greeter = try await admin.service("Greeter")
print("Greeter is at revision \(greeter.revision) in \(second.deployment.id), idempotency retention \(greeter.idempotencyRetention)")
