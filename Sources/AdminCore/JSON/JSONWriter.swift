/// JSON with member order chosen by the writer (manifest spelling) rather than sorted keys.
indirect enum OrderedJSON {
    case value(JSONValue)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])
    /// Pre-rendered JSON text (e.g. an unsigned integer above `Int64.max`).
    case raw(String)

    /// A `JSONValue`, objects with sorted keys.
    init(_ value: JSONValue) {
        switch value {
        case .array(let items): self = .array(items.map(OrderedJSON.init))
        case .object(let members):
            self = .object(members.sorted { $0.key < $1.key }.map { ($0.key, OrderedJSON($0.value)) })
        default: self = .value(value)
        }
    }
}

/// A compact JSON serializer.
enum JSONWriter {
    /// Compact JSON text for `json`.
    static func write(_ json: OrderedJSON) -> String {
        var output = ""
        write(json, into: &output)
        return output
    }

    private static func write(_ json: OrderedJSON, into output: inout String) {
        switch json {
        case .value(let value):
            switch value {
            case .null: output += "null"
            case .bool(let flag): output += flag ? "true" : "false"
            case .int(let number): output += String(number)
            case .double(let number): output += number.isFinite ? rustFloat(number) : "null"
            case .string(let text): output += quoted(text)
            case .array, .object: write(OrderedJSON(value), into: &output)
            }
        case .raw(let text):
            output += text
        case .array(let items):
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                write(item, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                output += quoted(member.0)
                output += ":"
                write(member.1, into: &output)
            }
            output += "}"
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// A float as serde prints it in messages: plain decimal digits (never an exponent) with at
    /// least one decimal place, e.g. `1000.0`, `0.0000001`, `18446744073709552000.0`.
    static func rustFloat(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        let text = String(value)
        let sign = text.hasPrefix("-") ? "-" : ""
        let unsigned = sign.isEmpty ? Substring(text) : text.dropFirst()
        let parts = unsigned.split(separator: "e", maxSplits: 1)
        guard parts.count == 2, let exponent = Int(parts[1]) else {
            return unsigned.contains(".") ? text : text + ".0"
        }
        let mantissa = parts[0].split(separator: ".", maxSplits: 1)
        let integerDigits = String(mantissa[0])
        let fractionDigits = mantissa.count > 1 ? String(mantissa[1]) : ""
        let digits = (integerDigits + fractionDigits).drop { $0 == "0" }
        let significant = digits.isEmpty ? "0" : String(digits)
        // Position of the decimal point relative to the start of `significant`.
        let leadingZeros = (integerDigits + fractionDigits).prefix { $0 == "0" }.count
        let point = integerDigits.count - leadingZeros + exponent
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + significant
        } else if point >= significant.count {
            result = significant + String(repeating: "0", count: point - significant.count) + ".0"
        } else {
            let index = significant.index(significant.startIndex, offsetBy: point)
            result = String(significant[..<index]) + "." + String(significant[index...])
        }
        if result.hasSuffix(".") { result += "0" }
        return sign + result
    }
}
