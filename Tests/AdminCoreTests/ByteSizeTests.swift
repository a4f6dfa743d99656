import Testing

@testable import AdminCore

/// Sizes as settings spell them, and bodies as error messages quote them.
struct ByteSizeTests {
    @Test(arguments: [
        ("0", 0), ("1048576", 1_048_576), ("16MiB", 16_777_216), ("16 mib", 16_777_216), (" 1 KiB ", 1024), ("2GiB", 2_147_483_648),
        ("500kB", 500_000), ("3MB", 3_000_000), ("1GB", 1_000_000_000), ("12B", 12),
    ])
    func parses(text: String, bytes: Int) throws {
        #expect(try ByteSize(parsing: text) == ByteSize(bytes: bytes))
    }

    @Test(arguments: ["", "MiB", "-1", "1.5MiB", "1 PiB", "99999999999999999999", "9999999999999GiB"])
    func refuses(text: String) {
        #expect(throws: AdminError.self) { try ByteSize(parsing: text) }
    }

    @Test(arguments: [(16_777_216, "16 MiB"), (1024, "1 KiB"), (1000, "1000 bytes"), (1, "1 byte"), (3 << 30, "3 GiB"), (0, "0 bytes")])
    func renders(bytes: Int, text: String) {
        #expect(ByteSize(bytes: bytes).description == text)
    }

    @Test func quotesSmallBodiesWhole() {
        let body = Array(String(repeating: "a", count: 1024).utf8)
        #expect(ResponseBodyQuote.quote(body) == String(repeating: "a", count: 1024))
    }

    @Test func cutsLargeBodiesAtACharacterBoundary() {
        // 1023 ASCII bytes, then a 3-byte character straddling the 1 KiB cut.
        let body = Array((String(repeating: "a", count: 1023) + "€" + "tail").utf8)
        #expect(ResponseBodyQuote.quote(body) == String(repeating: "a", count: 1023) + "… (cut at 1 KiB of \(body.count) bytes)")
    }
}
