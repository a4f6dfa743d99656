import Testing

@testable import AdminHTTP

struct TimestampTests {
    @Test(arguments: [
        (Int64(1_736_273_149_519), "2025-01-07T18:05:49.519Z"),
        (1_736_273_149_500, "2025-01-07T18:05:49.5Z"),
        (1_736_273_149_000, "2025-01-07T18:05:49Z"),
        (0, "1970-01-01T00:00:00Z"),
        (951_782_400_001, "2000-02-29T00:00:00.001Z"),
    ])
    func rfc3339WithMinimalPrecision(_ milliseconds: Int64, _ expected: String) {
        #expect(Timestamp.rfc3339(milliseconds: milliseconds) == expected)
    }
}
