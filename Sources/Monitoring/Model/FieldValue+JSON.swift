import Foundation

extension FieldValue {
    /// Appends this value as JSON text.
    func appendJSON(to output: inout String) {
        switch self {
        case .string(let value): Self.appendQuoted(value, to: &output)
        case .int(let value): output += String(value)
        case .double(let value): output += value.isFinite ? "\(value)" : "null"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .list(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.appendJSON(to: &output)
            }
            output += "]"
        }
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// A field map as one JSON object, keys sorted (stable output for storage and tests).
    public static func json(_ fields: [String: FieldValue]) -> String {
        var output = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { output += "," }
            appendQuoted(key, to: &output)
            output += ":"
            fields[key]!.appendJSON(to: &output)
        }
        output += "}"
        return output
    }

    /// A field map from the JSON object ``json(_:)`` wrote.
    public static func fields(json: String) -> [String: FieldValue] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        return object.mapValues { FieldValue(json: $0) }
    }
}
