import AdminCore
import Logging
import NIOCore
import NIOPosix

extension HTTPDiscoveryClient {
    /// Which certificates an `https://` discovery trusts.
    public enum TLSTrust: Sendable, Hashable {
        /// The operating system's trust roots (the default).
        case systemRoots
        /// Only the given PEM-encoded CA certificates (one or more concatenated PEM blocks).
        case certificates(pem: String)
        /// The system roots plus the given PEM-encoded CA certificates.
        case systemRootsAndCertificates(pem: String)
        /// No certificate verification at all. For tests only.
        case insecureSkipVerification
    }

    /// The retry policy of a discovery: exponential backoff with jitter (DISCOVERY.md §3.5).
    public struct RetryPolicy: Sendable, Hashable {
        /// How many retries follow the first attempt (Restate: 4, i.e. 5 attempts).
        public var maxRetries: Int
        /// The delay before the first retry (Restate: 100 ms).
        public var initialDelay: Duration
        /// The factor applied to the delay after each retry (Restate: 2).
        public var factor: Double
        /// The smallest jitter added to each delay (Restate: 3 ms).
        public var minimumJitter: Duration
        /// The largest jitter added to each delay, as a fraction of the delay (Restate: 0.3).
        public var maximumJitterFraction: Double

        /// Creates a policy; the defaults are Restate 1.6.2's.
        public init(
            maxRetries: Int = 4,
            initialDelay: Duration = .milliseconds(100),
            factor: Double = 2.0,
            minimumJitter: Duration = .milliseconds(3),
            maximumJitterFraction: Double = 0.3
        ) {
            self.maxRetries = maxRetries
            self.initialDelay = initialDelay
            self.factor = factor
            self.minimumJitter = minimumJitter
            self.maximumJitterFraction = maximumJitterFraction
        }

        /// Restate 1.6.2's policy: 4 retries, 100 ms doubling, jitter 3 ms…30 %.
        public static let restate = RetryPolicy()

        /// No retries at all.
        public static let none = RetryPolicy(maxRetries: 0)

        /// The delay before retry number `retry` (0-based), jitter included.
        func delay(beforeRetry retry: Int) -> Duration {
            let base = initialDelay * pow2(retry)
            let baseSeconds = base.seconds
            let minJitter = minimumJitter.seconds
            let maxJitter = baseSeconds * maximumJitterFraction
            let jitter = maxJitter <= minJitter ? minJitter : Double.random(in: minJitter...maxJitter)
            return .nanoseconds(Int64((baseSeconds + jitter) * 1_000_000_000))
        }

        private func pow2(_ exponent: Int) -> Double {
            var value = 1.0
            for _ in 0..<max(0, exponent) { value *= factor }
            return value
        }
    }

    /// Settings of an ``HTTPDiscoveryClient``.
    public struct Configuration: Sendable {
        /// The cluster name sent as `x-restate-cluster-name` (Restate's default `localcluster`).
        public var clusterName: String
        /// The timeout of one TCP connect (Restate: 10 s).
        public var connectTimeout: Duration
        /// The deadline of a whole discovery, retries included (this project: 30 s).
        public var deadline: Duration
        /// The largest response body a discovery reads (this project: 16 MiB; Restate has no bound).
        /// A larger one is refused as soon as its `content-length` or its bytes exceed it, with
        /// META0003 and a message naming the limit, and is not retried. It bounds the Lambda
        /// `Invoke` and STS answers too.
        public var maxResponseSize: ByteSize
        /// Which outcomes are retried, and how often.
        public var retryPolicy: RetryPolicy
        /// The certificates trusted for `https://` deployments.
        public var tlsTrust: TLSTrust
        /// The event loops the connections run on.
        public var eventLoopGroup: any EventLoopGroup
        /// Where retries are logged (as warnings).
        public var logger: Logger
        /// The Lambda API endpoint, e.g. `http://127.0.0.1:9000` for tests; `nil` means
        /// `https://lambda.<region of the ARN>.amazonaws.com`.
        public var lambdaEndpoint: String?
        /// The AWS credentials for Lambda discovery; `nil` reads `AWS_ACCESS_KEY_ID`,
        /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` at discovery time.
        public var awsCredentials: AWSSigV4Signer.Credentials?
        /// The STS endpoint for `assume_role_arn`, e.g. a local fake; `nil` means
        /// `https://sts.<region of the ARN>.amazonaws.com`.
        public var stsEndpoint: String?

        /// Creates a configuration; every default is Restate 1.6.2's (plus the 30 s deadline and the
        /// 16 MiB bound on response bodies).
        public init(
            clusterName: String = "localcluster",
            connectTimeout: Duration = .seconds(10),
            deadline: Duration = .seconds(30),
            maxResponseSize: ByteSize = .mebibytes(16),
            retryPolicy: RetryPolicy = .restate,
            tlsTrust: TLSTrust = .systemRoots,
            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
            logger: Logger = Logger(label: "restate-admin.discovery"),
            lambdaEndpoint: String? = nil,
            awsCredentials: AWSSigV4Signer.Credentials? = nil,
            stsEndpoint: String? = nil
        ) {
            self.clusterName = clusterName
            self.connectTimeout = connectTimeout
            self.deadline = deadline
            self.maxResponseSize = maxResponseSize
            self.retryPolicy = retryPolicy
            self.tlsTrust = tlsTrust
            self.eventLoopGroup = eventLoopGroup
            self.logger = logger
            self.lambdaEndpoint = lambdaEndpoint
            self.awsCredentials = awsCredentials
            self.stsEndpoint = stsEndpoint
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Renders like `30s`, `1.5s` or `250ms`.
    var shortDescription: String {
        let parts = components
        if parts.attoseconds == 0 { return "\(parts.seconds)s" }
        let millis = Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        if millis < 1000 { return "\(Int(millis.rounded()))ms" }
        return "\(millis / 1000)s"
    }
}
