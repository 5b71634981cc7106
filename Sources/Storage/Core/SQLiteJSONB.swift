// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Monitoring

/// A field map in SQLite's binary JSON format (JSONB, https://sqlite.org/jsonb.html), built here rather than by
/// `jsonb(?)` in SQL: SQLite then stores the blob as it is instead of parsing JSON text for every event, and
/// searches read it without parsing either.
enum SQLiteJSONB {
    private static let null: UInt8 = 0, `true`: UInt8 = 1, `false`: UInt8 = 2, int: UInt8 = 3, float: UInt8 = 5
    private static let textRaw: UInt8 = 10, array: UInt8 = 11, object: UInt8 = 12

    static func encode(_ fields: [String: FieldValue]) -> Data {
        var payload: [UInt8] = []
        payload.reserveCapacity(fields.count * 40)
        for key in fields.keys.sorted() {
            append(text: key, to: &payload)
            append(fields[key]!, to: &payload)
        }
        var output: [UInt8] = []
        output.reserveCapacity(payload.count + 9)
        header(object, size: payload.count, to: &output)
        output.append(contentsOf: payload)
        return Data(output)
    }

    private static func append(_ value: FieldValue, to output: inout [UInt8]) {
        switch value {
        case .string(let text): append(text: text, to: &output)
        case .int(let number): append(type: int, payload: Array(String(number).utf8), to: &output)
        case .double(let number):
            if number.isFinite { append(type: float, payload: Array("\(number)".utf8), to: &output) } else { header(null, size: 0, to: &output) }
        case .bool(let flag): header(flag ? `true` : `false`, size: 0, to: &output)
        case .null: header(null, size: 0, to: &output)
        case .list(let values):
            var payload: [UInt8] = []
            for item in values { append(item, to: &payload) }
            append(type: array, payload: payload, to: &output)
        }
    }

    private static func append(text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            header(textRaw, size: bytes.count, to: &output)
            output.append(contentsOf: bytes)
        }
    }

    private static func append(type: UInt8, payload: [UInt8], to output: inout [UInt8]) {
        header(type, size: payload.count, to: &output)
        output.append(contentsOf: payload)
    }

    /// The element header: the type in the low four bits; the payload size in the high four bits when it is at most
    /// 11, else 12, 13, 14 or 15 there and the size in the next 1, 2, 4 or 8 bytes, big-endian.
    private static func header(_ type: UInt8, size: Int, to output: inout [UInt8]) {
        switch size {
        case 0...11:
            output.append(UInt8(size) << 4 | type)
        case 12...0xFF:
            output.append(0xC0 | type)
            output.append(UInt8(size))
        case 0x100...0xFFFF:
            output.append(0xD0 | type)
            output.append(UInt8(size >> 8))
            output.append(UInt8(size & 0xFF))
        case 0x10000...0xFFFF_FFFF:
            output.append(0xE0 | type)
            for shift in stride(from: 24, through: 0, by: -8) { output.append(UInt8((size >> shift) & 0xFF)) }
        default:
            output.append(0xF0 | type)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8((size >> shift) & 0xFF)) }
        }
    }
}
