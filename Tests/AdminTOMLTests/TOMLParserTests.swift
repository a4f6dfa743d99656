import AdminTOML
import Testing

/// The TOML subset of `--config` files, and the inputs the fuzzer (Fuzz/FuzzTOML) found.
struct TOMLParserTests {
    @Test func parsesTablesArraysAndInlineTables() throws {
        let root = try TOMLParser.parse(
            """
            name = "x" # comment
            [admin]
            limit = 1_000
            [[ingress.kafka]]
            brokers = ['a', "b\\u00e9"]
            [[ingress.kafka]]
            opts = { enabled = true, ratio = 0.5 }
            """
        )
        #expect(root["name"] == .string("x"))
        #expect(root["admin"] == .table(["limit": .integer(1000)]))
        #expect(
            root["ingress"]
                == .table([
                    "kafka": .array([
                        .table(["brokers": .array([.string("a"), .string("bé")])]),
                        .table(["opts": .table(["enabled": .boolean(true), "ratio": .float(0.5)])]),
                    ])
                ]))
    }

    @Test func reportsTheLineOfAProblem() {
        #expect(throws: TOMLError.self) { try TOMLParser.parse("a = 1\nb = \n") }
        do {
            _ = try TOMLParser.parse("a = 1\na = 2\n")
            Issue.record("a duplicate key was accepted")
        } catch let error as TOMLError {
            #expect(error.line == 2 && error.message == "duplicate key 'a'")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func parsesSingleValues() {
        #expect(TOMLParser.parseValue("[\"a\", \"b\"]") == .array([.string("a"), .string("b")]))
        #expect(TOMLParser.parseValue("[\"a\"") == nil)
    }

    // MARK: Found by fuzzing (Fuzz/run.sh toml)

    /// Deep nesting once overflowed the stack (one recursion per `[` or `{`), and long dotted keys
    /// or table headers took quadratic memory (2 GB for 100,000 parts): each is now refused at
    /// ``TOMLParser/maximumDepth`` levels with the line of the problem.
    @Test(arguments: [
        "a = " + String(repeating: "[", count: 100_000),
        "a = " + String(repeating: "{b = ", count: 100_000),
        "a" + String(repeating: ".a", count: 100_000) + " = 1",
        "[a" + String(repeating: ".a", count: 100_000) + "]",
        "x = 1\n[[a" + String(repeating: ".a", count: 100_000) + "]]",
    ])
    func deepNestingIsRefused(_ text: String) {
        #expect(throws: TOMLError.self) { try TOMLParser.parse(text) }
        #expect(TOMLParser.parseValue(String(text.drop { $0 != "[" && $0 != "{" })) == nil)
    }

    /// The parser read `Character`s, so a combining mark after a quote or a backslash joined it into
    /// one grapheme: `"\u{301}…"` was "unexpected character", `"a\\"\u{301}"` an invalid escape, and
    /// the literal string the fuzzer found (below) could not be written back as a basic string.
    @Test func combiningMarksAfterQuotesAndBackslashes() throws {
        #expect(try TOMLParser.parse("s = \"\u{301}a\"\n")["s"] == .string("\u{301}a"))
        #expect(try TOMLParser.parse("s = '\u{301}a'\n")["s"] == .string("\u{301}a"))
        #expect(try TOMLParser.parse("s = \"a\\\"\u{483}b\"\n")["s"] == .string("a\"\u{483}b"))
        #expect(try TOMLParser.parse("\"\u{301}k\" = 1\r\nt = 2 # \u{301}\r\n") == ["\u{301}k": .integer(1), "t": .integer(2)])
        // Fuzz/run.sh toml: crash-72c5c38fba76d6a424899f3eb50a4614f1c71be8, a literal string holding `"` + U+0483.
        let found: [UInt8] = [
            0x39, 0x3d, 0x27, 0x7e, 0x3d, 0xb6, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0xd2,
            0x83, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x66, 0x22, 0xb6, 0x2d, 0x00, 0x00, 0x29, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2f, 0xff, 0xff, 0x27,
        ]
        let root = try TOMLParser.parse(String(decoding: found, as: UTF8.self))
        guard case .string(let text) = root["9"] else {
            Issue.record("not a string: \(root)")
            return
        }
        let escaped = text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"", "\\": return "\\" + String(scalar)
            case "\u{0}"..."\u{1F}": return "\\u" + String(repeating: "0", count: 2) + String(scalar.value, radix: 16).leftPadded(2)
            default: return String(scalar)
            }
        }
        #expect(try TOMLParser.parse("k = \"\(escaped.joined())\"") == ["k": .string(text)])
    }

    /// Up to ``TOMLParser/maximumDepth`` levels count table headers, dotted keys and nested values alike.
    @Test func nestingUpToTheLimitIsAccepted() throws {
        let limit = TOMLParser.maximumDepth
        #expect(throws: Never.self) { try TOMLParser.parse("[t]\na = \(Self.arrays(limit - 2))") }
        #expect(throws: TOMLError.self) { try TOMLParser.parse("[t]\na = \(Self.arrays(limit - 1))") }
        #expect(throws: Never.self) { try TOMLParser.parse("[t.u]\na = { b = \(Self.arrays(limit - 4)) }") }
        #expect(throws: TOMLError.self) { try TOMLParser.parse("[t.u]\na.b = { c = \(Self.arrays(limit - 4)) }") }
        #expect(TOMLParser.parseValue(Self.arrays(limit)) != nil)
        #expect(TOMLParser.parseValue(Self.arrays(limit + 1)) == nil)
    }

    /// `levels` nested empty arrays.
    static func arrays(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    }
}

extension String {
    /// The text left-padded with zeros to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
