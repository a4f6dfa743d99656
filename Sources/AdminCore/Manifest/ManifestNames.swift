/// The two name patterns, implemented without a regex engine.
enum ManifestNames {
    /// `^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9_]*$`, plus `.` and `-` in the tail for services.
    static func matches(_ name: String, allowingDotAndDash: Bool) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        var tailStart = 1
        if first == UInt8(ascii: "_") {
            guard bytes.count >= 2, isAlphanumeric(bytes[1]) else { return false }
            tailStart = 2
        } else if !isLetter(first) {
            return false
        }
        for byte in bytes[tailStart...] {
            let allowed =
                isAlphanumeric(byte) || byte == UInt8(ascii: "_")
                || (allowingDotAndDash && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")))
            if !allowed { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
