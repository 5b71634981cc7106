// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Yams

/// A YAML node reduced to what Sigma needs, with the line of each node.
indirect enum YNode {
    case scalar(SigmaValue, line: Int)
    case map([(key: String, value: YNode, line: Int)], line: Int)
    case seq([YNode], line: Int)

    var line: Int {
        switch self {
        case .scalar(_, let line), .map(_, let line), .seq(_, let line): return line
        }
    }

    var scalar: SigmaValue? {
        if case .scalar(let value, _) = self { return value }
        return nil
    }

    /// The scalar's text; nil for YAML null and for maps and lists.
    var text: String? {
        guard let value = scalar, value.kind != .null else { return nil }
        return value.text
    }

    var entries: [(key: String, value: YNode, line: Int)]? {
        if case .map(let entries, _) = self { return entries }
        return nil
    }

    subscript(key: String) -> YNode? { entries?.first { $0.key == key }?.value }

    /// A scalar or a list of scalars as strings.
    var strings: [String]? {
        switch self {
        case .scalar(let value, _): return value.kind == .null ? [] : [value.text]
        case .seq(let items, _):
            var result: [String] = []
            for item in items {
                guard let text = item.text else { return nil }
                result.append(text)
            }
            return result
        case .map: return nil
        }
    }

    init(_ node: Node, path: String) throws {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let scalar):
            let kind: SigmaValue.Kind = scalar.style == .plain ? Self.kind(ofPlain: scalar.string) : .string
            self = .scalar(SigmaValue(scalar.string, kind: kind), line: line)
        case .mapping(let mapping):
            var entries: [(key: String, value: YNode, line: Int)] = []
            var seen = Set<String>()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw SigmaLoadError(SourceLocation(path: path, line: key.mark?.line ?? line), "a map key must be a plain value")
                }
                let keyLine = key.mark?.line ?? line
                guard seen.insert(keyScalar.string).inserted else {
                    throw SigmaLoadError(SourceLocation(path: path, line: keyLine), "duplicate key '\(keyScalar.string)'")
                }
                entries.append((keyScalar.string, try YNode(value, path: path), keyLine))
            }
            self = .map(entries, line: line)
        case .sequence(let sequence):
            self = .seq(try sequence.map { try YNode($0, path: path) }, line: line)
        case .alias:
            throw SigmaLoadError(SourceLocation(path: path, line: line), "YAML aliases are not supported in Sigma rules")
        }
    }

    /// YAML 1.1's core types for a plain scalar, decided without Yams's regular-expression resolver (which took
    /// half the time of loading SigmaHQ's rules): null, booleans, numbers; the rest is text.
    static func kind(ofPlain text: String) -> SigmaValue.Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        default:
            guard let first = text.unicodeScalars.first, first == "-" || first == "+" || first == "." || ("0"..."9").contains(first) else {
                return .string
            }
            let digits = text.replacingOccurrences(of: "_", with: "")
            if Int(digits) != nil || Double(digits) != nil || (digits.hasPrefix("0x") && Int(digits.dropFirst(2), radix: 16) != nil) {
                return .number
            }
            return .string
        }
    }

    /// Merges a Sigma v1 `action: global` document into this one: maps merge key by key, the rest is replaced.
    func merged(over base: YNode) -> YNode {
        guard case .map(let own, let line) = self, case .map(let inherited, _) = base else { return self }
        var result = inherited
        for entry in own {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                result[index] = (entry.key, entry.value.merged(over: result[index].value), entry.line)
            } else {
                result.append(entry)
            }
        }
        return .map(result, line: line)
    }
}
