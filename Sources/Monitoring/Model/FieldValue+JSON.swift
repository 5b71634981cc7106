// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

extension FieldValue {
    /// Appends this value as JSON (UTF-8 bytes).
    func appendJSON(to output: inout [UInt8]) {
        switch self {
        case .string(let value): Self.appendQuoted(value, to: &output)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        case .list(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.appendJSON(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal, byte by byte: runs of plain bytes are copied whole (this runs for every field of
    /// every stored event).
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: bytes[runStart..<index])
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
                case 10: output.append(contentsOf: [92, UInt8(ascii: "n")])
                case 13: output.append(contentsOf: [92, UInt8(ascii: "r")])
                case 9: output.append(contentsOf: [92, UInt8(ascii: "t")])
                default: output.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            output.append(contentsOf: bytes[runStart..<bytes.count])
        }
        output.append(UInt8(ascii: "\""))
    }

    /// A field map as one JSON object, keys sorted (stable output for storage and tests).
    public static func json(_ fields: [String: FieldValue]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(fields.count * 48)
        output.append(UInt8(ascii: "{"))
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &output)
            output.append(UInt8(ascii: ":"))
            fields[key]!.appendJSON(to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return String(decoding: output, as: UTF8.self)
    }

    /// A field map from the JSON object ``json(_:)`` wrote.
    public static func fields(json: String) -> [String: FieldValue] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        return object.mapValues { FieldValue(json: $0) }
    }
}
