import AdminCore
import AdminPostgres
import Testing

/// `PostgresURL(parsing:)`: the libpq-style URLs it accepts, what it fills in, what it refuses and
/// how, and that the password never shows (no server needed).
@Suite("PostgresURL parsing")
struct PostgresURLTests {
    /// A URL that parses, with every field it should yield and how it describes itself.
    struct Accepted: CustomTestStringConvertible, Sendable {
        let label: String
        let text: String
        var host = "db.example"
        var port = 5432
        var username = "alice"
        var password: String?
        var database = "alice"
        var tls = PostgresURL.TLSMode.prefer
        var rootCertificateFile: String?
        let description: String
        var testDescription: String { label }
    }

    static let accepted: [Accepted] = [
        Accepted(
            label: "defaults: port 5432, database = user, sslmode prefer", text: "postgres://alice@db.example",
            description: "postgres://alice@db.example:5432/alice"),
        Accepted(
            label: "empty path: database = user", text: "postgres://alice@db.example/", description: "postgres://alice@db.example:5432/alice"),
        Accepted(
            label: "explicit port and database", text: "postgres://alice:s3cret@db.example:6543/registry", port: 6543, password: "s3cret",
            database: "registry", description: "postgres://alice:***@db.example:6543/registry"),
        Accepted(
            label: "postgresql scheme", text: "postgresql://alice@db.example/registry", database: "registry",
            description: "postgres://alice@db.example:5432/registry"),
        Accepted(
            label: "upper-case scheme", text: "POSTGRES://alice@db.example/registry", database: "registry",
            description: "postgres://alice@db.example:5432/registry"),
        Accepted(
            label: "percent-encoded user and password", text: "postgres://al%2Bice:p%40ss%2Fw%3Ard%20x@db.example/registry",
            username: "al+ice", password: "p@ss/w:rd x", database: "registry", description: "postgres://al+ice:***@db.example:5432/registry"),
        Accepted(
            label: "'@' and ':' left unencoded in the password", text: "postgres://alice:p@ss:w@db.example/registry", password: "p@ss:w",
            database: "registry", description: "postgres://alice:***@db.example:5432/registry"),
        Accepted(
            label: "empty password", text: "postgres://alice:@db.example/registry", password: "", database: "registry",
            description: "postgres://alice:***@db.example:5432/registry"),
        Accepted(
            label: "IPv6 host", text: "postgres://alice:pw@[::1]:5433/registry", host: "::1", port: 5433, password: "pw",
            database: "registry", description: "postgres://alice:***@[::1]:5433/registry"),
        Accepted(
            label: "IPv4 host", text: "postgres://alice@127.0.0.1:15432/registry", host: "127.0.0.1", port: 15432, database: "registry",
            description: "postgres://alice@127.0.0.1:15432/registry"),
        Accepted(
            label: "sslmode=disable", text: "postgres://alice@db.example/registry?sslmode=disable", database: "registry", tls: .disable,
            description: "postgres://alice@db.example:5432/registry?sslmode=disable"),
        Accepted(
            label: "sslmode=prefer", text: "postgres://alice@db.example/registry?sslmode=prefer", database: "registry", tls: .prefer,
            description: "postgres://alice@db.example:5432/registry"),
        Accepted(
            label: "sslmode=require", text: "postgres://alice@db.example/registry?sslmode=require", database: "registry", tls: .require,
            description: "postgres://alice@db.example:5432/registry?sslmode=require"),
        Accepted(
            label: "sslmode=verify-ca", text: "postgres://alice@db.example/registry?sslmode=verify-ca", database: "registry", tls: .verifyCA,
            description: "postgres://alice@db.example:5432/registry?sslmode=verify-ca"),
        Accepted(
            label: "sslmode=verify-full with sslrootcert",
            text: "postgres://alice:pw@db.example/registry?sslmode=verify-full&sslrootcert=/etc/ca.pem",
            password: "pw", database: "registry", tls: .verifyFull, rootCertificateFile: "/etc/ca.pem",
            description: "postgres://alice:***@db.example:5432/registry?sslmode=verify-full"),
    ]

    @Test("a URL it accepts yields every field", arguments: accepted)
    func accepts(_ scenario: Accepted) throws {
        let url = try PostgresURL(parsing: scenario.text)
        #expect(url.host == scenario.host)
        #expect(url.port == scenario.port)
        #expect(url.username == scenario.username)
        #expect(url.password == scenario.password)
        #expect(url.database == scenario.database)
        #expect(url.tls == scenario.tls)
        #expect(url.rootCertificateFile == scenario.rootCertificateFile)
        #expect(url.description == scenario.description)
        if let password = scenario.password, !password.isEmpty {
            #expect(!url.description.contains(password), "the description shows the password")
            #expect(!"\(url)".contains(password), "the interpolated URL shows the password")
        }
    }

    /// A URL it refuses, and the part of the message that names the problem.
    struct Refused: CustomTestStringConvertible, Sendable {
        let label: String
        let text: String
        let problem: String
        var testDescription: String { label }
    }

    /// Every refused URL carries this password: no message may show it.
    static let password = "Hunter2Secret"

    static let refused: [Refused] = [
        Refused(
            label: "wrong scheme", text: "mysql://alice:\(password)@db.example/registry",
            problem: "the scheme must be postgres or postgresql, not mysql"),
        Refused(label: "no scheme", text: "alice:\(password)@db.example/registry", problem: "invalid PostgreSQL URL"),
        Refused(label: "no host", text: "postgres://alice:\(password)@/registry", problem: "it names no host"),
        Refused(label: "no authority", text: "postgres:///registry", problem: "it names no host"),
        Refused(label: "no user", text: "postgres://db.example/registry", problem: "it names no user"),
        Refused(label: "password without a user", text: "postgres://:\(password)@db.example/registry", problem: "it names no user"),
        Refused(
            label: "unknown parameter", text: "postgres://alice:\(password)@db.example/registry?application_name=x",
            problem: "unknown parameter 'application_name'"),
        Refused(
            label: "bad sslmode", text: "postgres://alice:\(password)@db.example/registry?sslmode=allow",
            problem: "sslmode 'allow' is not one of disable, prefer, require, verify-ca, verify-full"),
        Refused(
            label: "sslmode without a value", text: "postgres://alice:\(password)@db.example/registry?sslmode", problem: "sslmode '' is not one of"),
        Refused(
            label: "database with '/'", text: "postgres://alice:\(password)@db.example/registry/extra",
            problem: "the database name 'registry/extra' contains '/'"),
        Refused(label: "'/' left unencoded in the password", text: "postgres://alice:\(password)/x@db.example/registry", problem: "cannot parse it"),
        Refused(label: "port that is not a number", text: "postgres://alice:\(password)@db.example:port/registry", problem: "invalid PostgreSQL URL"),
    ]

    @Test("a URL it refuses fails with .invalidArgument naming the problem, never the password", arguments: refused)
    func refuses(_ scenario: Refused) {
        let error = #expect(throws: AdminError.self) { try PostgresURL(parsing: scenario.text) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains(scenario.problem) == true, "\(error?.message ?? "no error")")
        #expect(error?.description.contains(Self.password) == false, "the message shows the password: \(error?.description ?? "")")
    }

    @Test("the description and the interpolation show *** for a password, whatever it looks like")
    func descriptionHidesThePassword() throws {
        var url = try PostgresURL(parsing: "postgres://alice@db.example/registry")
        for password in ["secret", "***", "alice", "db.example", "p@ss:w/rd"] {
            url.password = password
            #expect(url.description == "postgres://alice:***@db.example:5432/registry")
            #expect("\(url)" == url.description)
            #expect(String(describing: url) == url.description)
            #expect(String(reflecting: url) == url.description)
        }
    }
}
