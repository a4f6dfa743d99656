/// How an error message quotes a response body (BEHAVIOR.md §0 item 12): whole when it is at most
/// 1 KiB, otherwise its first 1 KiB (cut before an incomplete UTF-8 sequence) followed by
/// `… (cut at 1 KiB of N bytes)`. Restate quotes the whole body, however large.
package enum ResponseBodyQuote {
    /// The most bytes of a body an error message quotes.
    package static let limit = 1024

    /// The body as lossy UTF-8, cut at ``limit`` bytes and marked as cut.
    package static func quote(_ body: some Collection<UInt8>) -> String {
        let total = body.count
        guard total > limit else { return String(decoding: body, as: UTF8.self) }
        var head = Array(body.prefix(limit))
        head.removeLast(incompleteTail(head))
        return String(decoding: head, as: UTF8.self) + "… (cut at \(ByteSize(bytes: limit)) of \(total) bytes)"
    }

    /// How many bytes at the end of `bytes` start a UTF-8 sequence that continues beyond them.
    static func incompleteTail(_ bytes: [UInt8]) -> Int {
        var continuation = 0
        var index = bytes.count - 1
        while index >= 0, continuation < 3, bytes[index] & 0xC0 == 0x80 {
            continuation += 1
            index -= 1
        }
        guard index >= 0 else { return 0 }
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF8: length = 4
        default: return 0
        }
        return length > continuation + 1 ? continuation + 1 : 0
    }
}
