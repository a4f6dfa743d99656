import Foundation
import Testing

@testable import AdminCore

@Suite("Resource ids")
struct ResourceIDTests {
    static let deploymentFixtures = ["dp_11nGQpCRmau6ypL82KH2TnP", "dp_15VqmTOnXH3Vv2pl5HOG7UB"]
    static let subscriptionFixtures = ["sub_11nGQpCRmau6ypL82KH2TnQ"]
    static let invocationFixtures = ["inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz"]

    @Test(arguments: deploymentFixtures)
    func deploymentRoundTrip(text: String) throws {
        let id = try DeploymentID(parsing: text)
        #expect(id.description == text)
        #expect(text.count == 26)
        #expect(DeploymentID(ulid: id.ulid) == id)
    }

    @Test(arguments: subscriptionFixtures)
    func subscriptionRoundTrip(text: String) throws {
        let id = try SubscriptionID(parsing: text)
        #expect(id.description == text)
        #expect(text.count == 27)
    }

    @Test(arguments: invocationFixtures)
    func invocationRoundTrip(text: String) throws {
        let id = try InvocationID(parsing: text)
        #expect(id.description == text)
        #expect(text.count == 38)
        #expect(InvocationID(partitionKey: id.partitionKey, invocationUUID: id.invocationUUID) == id)
    }

    @Test func deploymentTimestamps() throws {
        let first = try DeploymentID(parsing: "dp_11nGQpCRmau6ypL82KH2TnP")
        #expect(first.ulid.timestampMilliseconds == 1_736_273_149_519)
        #expect(first.createdAt == Date(timeIntervalSince1970: 1_736_273_149.519))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(formatter.string(from: first.createdAt) == "2025-01-07T18:05:49.519Z")

        let second = try DeploymentID(parsing: "dp_15VqmTOnXH3Vv2pl5HOG7UB")
        formatter.formatOptions = [.withFullDate]
        #expect(formatter.string(from: second.createdAt) == "2024-01-25")
        #expect(second < first)
    }

    @Test func invocationFixtureParts() throws {
        // Cross-checked with an independent Python implementation of the scheme.
        let id = try InvocationID(parsing: "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz")
        #expect(id.partitionKey == 5_277_166_449_519_817_148)
    }

    @Test func byteOrderQuirk() {
        // The ULID's big-endian bytes are reversed before base62 encoding.
        let ulid = ULID(rawValue: 1)
        let text = DeploymentID(ulid: ulid).description
        #expect(text == "dp_1" + Base62.encode(UInt128(1) << 120, width: 22))
        #expect(Base62.encode(UInt64(0), width: 11) == "00000000000")
        #expect(Base62.encode(UInt64.max, width: 11) == "lYGhA16ahyf")
        #expect(Base62.decode(Array("lYGhA16ahyf".utf8)) == UInt128(UInt64.max))
        #expect(Base62.encode(UInt128.max, width: 22) == "7N42dgm5tFLK9N8MT7fHC7")
        #expect(Base62.decode(Array("7N42dgm5tFLK9N8MT7fHC8".utf8)) == nil)
    }

    struct BadID: CustomTestStringConvertible, Sendable {
        let text: String
        let reason: String
        var testDescription: String { "\(text.debugDescription) → \(reason)" }
    }

    static let badDeploymentIDs: [BadID] = [
        BadID(text: "", reason: "bad length"),
        BadID(text: "dp1nGQpCRmau6ypL82KH2TnP", reason: "bad format"),
        BadID(text: "dep_11nGQpCRmau6ypL82KH2TnP", reason: "unrecognized resource type: dep"),
        BadID(text: "_11nGQpCRmau6ypL82KH2TnP", reason: "unrecognized resource type: "),
        BadID(text: "dp_", reason: "bad length"),
        BadID(text: "dp_21nGQpCRmau6ypL82KH2TnP", reason: "unrecognized codec version"),
        BadID(text: "dp_é1nGQpCRmau6ypL82KH2TnP", reason: "bad length"),
        BadID(text: "sub_11nGQpCRmau6ypL82KH2TnP", reason: "id doesn't match the expected type"),
        BadID(text: "inv_11nGQpCRmau6ypL82KH2TnP", reason: "id doesn't match the expected type"),
        BadID(text: "prom_1", reason: "id doesn't match the expected type"),
        BadID(text: "dp_11nGQpCRmau6ypL82KH2Tn", reason: "bad length"),
        BadID(text: "dp_1", reason: "bad length"),
        BadID(text: "dp_11nGQpCRmau6ypL82KH2TnPx", reason: "bad length"),
        BadID(text: "dp_11nGQpCRmau6ypL82KH2Tn!", reason: "base62 decode error"),
        BadID(text: "dp_1zzzzzzzzzzzzzzzzzzzzzz", reason: "base62 decode error"),
        BadID(text: "dp_11nGQpCRmau6ypL82KH2Tné", reason: "bad length"),
    ]

    @Test(arguments: badDeploymentIDs)
    func deploymentParseErrors(bad: BadID) {
        #expect(throws: AdminError(.invalidArgument, bad.reason)) { try DeploymentID(parsing: bad.text) }
    }

    static let badSubscriptionIDs: [BadID] = [
        BadID(text: "", reason: "bad length"),
        BadID(text: "sub", reason: "bad format"),
        BadID(text: "dp_11nGQpCRmau6ypL82KH2TnQ", reason: "id doesn't match the expected type"),
        BadID(text: "sub_11nGQpCRmau6ypL82KH2TnQ0", reason: "bad length"),
        BadID(text: "sub_01nGQpCRmau6ypL82KH2TnQ", reason: "unrecognized codec version"),
        BadID(text: "sub_11nGQpCRmau6ypL82KH2T-Q", reason: "base62 decode error"),
    ]

    @Test(arguments: badSubscriptionIDs)
    func subscriptionParseErrors(bad: BadID) {
        #expect(throws: AdminError(.invalidArgument, bad.reason)) { try SubscriptionID(parsing: bad.text) }
    }

    static let badInvocationIDs: [BadID] = [
        // Restate's own test vectors.
        BadID(text: "", reason: "bad length"),
        BadID(text: "mxvgUOrwIb8cYrGPHkAAKSKY3O!6IEy_g", reason: "unrecognized resource type: mxvgUOrwIb8cYrGPHkAAKSKY3O!6IEy"),
        BadID(text: "mxvgUOrwIb8", reason: "bad format"),
        BadID(text: "inv_ub23411ba", reason: "unrecognized codec version"),
        BadID(text: "inv_1b234d1ba", reason: "bad length"),
        // Others.
        BadID(text: "dp_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz", reason: "id doesn't match the expected type"),
        BadID(text: "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hb", reason: "bad length"),
        BadID(text: "inv_1zzzzzzzzzzzcM942bjcDmb1c1khoaJe11Hbz", reason: "base62 decode error"),
        BadID(text: "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11H_z", reason: "base62 decode error"),
    ]

    @Test(arguments: badInvocationIDs)
    func invocationParseErrors(bad: BadID) {
        #expect(throws: AdminError(.invalidArgument, bad.reason)) { try InvocationID(parsing: bad.text) }
    }

    @Test func invocationIgnoresTrailingCharacters() throws {
        let id = try InvocationID(parsing: "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz-trailing")
        #expect(id.description == "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz")
    }

    @Test func errorsCarryNoCode() {
        do {
            _ = try DeploymentID(parsing: "nope")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidArgument)
            #expect(error.code == nil)
            #expect(error.description == "bad format")
        }
    }

    @Test func generationUsesTheClockAndTheRandomNumberGenerator() throws {
        var rng = SplitMix64(seed: 42)
        let now = Date(timeIntervalSince1970: 1_736_273_149.519)
        let id = DeploymentID.generate(now: now, using: &rng)
        #expect(id.ulid.timestampMilliseconds == 1_736_273_149_519)
        #expect(id.description.count == 26)
        #expect(try DeploymentID(parsing: id.description) == id)

        var sameSeed = SplitMix64(seed: 42)
        #expect(DeploymentID.generate(now: now, using: &sameSeed) == id)

        let sub = SubscriptionID.generate()
        #expect(sub.description.hasPrefix("sub_1"))
        #expect(sub.description.count == 27)
        #expect(try SubscriptionID(parsing: sub.description) == sub)
        #expect(abs(sub.createdAt.timeIntervalSinceNow) < 5)
    }

    @Test func randomRoundTrips() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let ulid = ULID(rawValue: UInt128(rng.next()) << 64 | UInt128(rng.next()))
            let dp = DeploymentID(ulid: ulid)
            #expect(try DeploymentID(parsing: dp.description) == dp)
            let inv = InvocationID(partitionKey: rng.next(), invocationUUID: ulid.rawValue)
            #expect(try InvocationID(parsing: inv.description) == inv)
        }
        let edges = [InvocationID(partitionKey: 0, invocationUUID: 0), InvocationID(partitionKey: .max, invocationUUID: .max)]
        for inv in edges {
            #expect(inv.description.count == 38)
            #expect(try InvocationID(parsing: inv.description) == inv)
        }
    }

    @Test func orderingFollowsTime() {
        let older = DeploymentID(ulid: ULID(timestampMilliseconds: 1_000, random: .max))
        let newer = DeploymentID(ulid: ULID(timestampMilliseconds: 1_001, random: 0))
        #expect(older < newer)
        #expect([newer, older].max() == newer)
        #expect([newer, older].sorted() == [older, newer])
        let a = InvocationID(partitionKey: 1, invocationUUID: 9)
        let b = InvocationID(partitionKey: 2, invocationUUID: 0)
        #expect(a < b)
    }

    @Test func ulidParts() {
        let ulid = ULID(timestampMilliseconds: 0xFFFF_FFFF_FFFF_FFFF, random: .max)
        #expect(ulid.timestampMilliseconds == 0xFFFF_FFFF_FFFF)
        #expect(ulid.random == (UInt128(1) << 80) - 1)
        #expect(ULID(bytes: ulid.bytes) == ulid)
        #expect(ULID(bytes: [1, 2]) == nil)
        #expect(ULID(timestampMilliseconds: 1_469_918_176_385, random: 0).description.hasPrefix("01ARYZ6S41"))
        #expect(ulid.description.count == 26)
    }

    @Test func codableAsString() throws {
        let id = try DeploymentID(parsing: "dp_11nGQpCRmau6ypL82KH2TnP")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"dp_11nGQpCRmau6ypL82KH2TnP\"]")
        #expect(try JSONDecoder().decode([DeploymentID].self, from: data) == [id])
        let sub = try SubscriptionID(parsing: "sub_11nGQpCRmau6ypL82KH2TnQ")
        #expect(try JSONDecoder().decode(SubscriptionID.self, from: JSONEncoder().encode(sub)) == sub)
        let inv = try InvocationID(parsing: "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz")
        #expect(try JSONDecoder().decode(InvocationID.self, from: JSONEncoder().encode(inv)) == inv)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DeploymentID.self, from: Data("\"dp_x\"".utf8)) }
    }
}
