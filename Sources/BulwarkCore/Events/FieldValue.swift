// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One value of an event's flat field map: what JSON scalars and lists of them can hold.
/// Nested objects never appear here: they are flattened into dotted field names (`winlog.event_data.User`).
public enum FieldValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case list([FieldValue])

    /// The value as text, as searches and Sigma compare it ("All values are treated as case-insensitive strings").
    public var text: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return ""
        case .list(let values): return values.map(\.text).joined(separator: " ")
        }
    }

    /// The number this value holds or spells, for comparisons.
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .string(let value): return Double(value.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A value from what `JSONSerialization` produced; objects inside lists become their JSON text.
    public init(json: Any) {
        switch json {
        case let value as String: self = .string(value)
        case let value as NSNumber:
            // JSONSerialization marks booleans with the C type "c", integers with integer types, the rest "d".
            switch UInt8(bitPattern: value.objCType.pointee) {
            case UInt8(ascii: "c"): self = .bool(value.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"): self = .double(value.doubleValue)
            default: self = .int(value.int64Value)
            }
        case let values as [Any]: self = .list(values.map { FieldValue(json: $0) })
        case is NSNull: self = .null
        case let object as [String: Any]:
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            self = .string(String(decoding: data, as: UTF8.self))
        default: self = .string("\(json)")
        }
    }
}

extension FieldValue: Encodable {
    /// The JSON value; a number that is not finite is written as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .list(let values): try container.encode(values)
        }
    }
}
