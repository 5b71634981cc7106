// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Yams

/// A problem in a YAML configuration file (playbooks, automation rules, response actions, patch runners and policies),
/// with its place.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// A YAML node with its file and line, and readers that fail with ``ConfigError``.
public struct ConfigNode {
    public let node: Node
    public let path: String

    public init(node: Node, path: String) {
        self.node = node
        self.path = path
    }

    public static func parse(_ text: String, path: String) throws -> ConfigNode {
        do {
            try YAMLGuard.check(text)
            guard let node = try Yams.compose(yaml: text, .basic) else { throw ConfigError(path: path, line: 1, message: "the file is empty") }
            return ConfigNode(node: node, path: path)
        } catch let error as YamlError {
            throw ConfigError(path: path, line: Self.line(of: error), message: "not valid YAML: \(error)")
        } catch let refusal as YAMLGuard.Refusal {
            throw ConfigError(path: path, line: refusal.line, message: refusal.message)
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    public var line: Int { node.mark?.line ?? 1 }

    public func fail(_ message: String) -> ConfigError { ConfigError(path: path, line: line, message: message) }

    public subscript(key: String) -> ConfigNode? {
        guard let mapping = node.mapping, let value = mapping[key] else { return nil }
        if case .scalar(let scalar) = value, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return ConfigNode(node: value, path: path)
    }

    public var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }

    /// Refuses keys outside `known` (a typo must not be silently ignored).
    public func only(_ known: Set<String>) throws {
        guard let mapping = node.mapping else { throw fail("expected a map") }
        for (key, _) in mapping {
            guard let name = key.string, known.contains(name) else {
                throw ConfigError(
                    path: path, line: key.mark?.line ?? line,
                    message: "unknown key '\(key.string ?? "?")' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }

    public var entries: [(key: String, value: ConfigNode)]? {
        node.mapping?.compactMap { key, value in key.string.map { ($0, ConfigNode(node: value, path: path)) } }
    }

    public var items: [ConfigNode]? { node.sequence.map { $0.map { ConfigNode(node: $0, path: path) } } }

    public func string(_ field: String) throws -> String {
        guard let text = node.string else { throw fail("'\(field)' must be text") }
        return text
    }

    public func strings(_ field: String) throws -> [String] {
        if let text = node.string { return [text] }
        guard let items else { throw fail("'\(field)' must be a value or a list of values") }
        return try items.map { try $0.string(field) }
    }

    public func bool(_ field: String) throws -> Bool {
        guard let text = node.string?.lowercased(), ["true", "false", "yes", "no"].contains(text) else {
            throw fail("'\(field)' must be true or false")
        }
        return text == "true" || text == "yes"
    }

    /// `30m`, `4h`, `2d` (or a number of seconds).
    public func duration(_ field: String) throws -> TimeInterval {
        let text = try string(field)
        if let seconds = Double(text), seconds > 0 { return seconds }
        guard let value = Self.seconds(text) else { throw fail("'\(field)': '\(text)' is not a duration such as 30m, 4h or 2d") }
        return value
    }

    public func required(_ key: String) throws -> ConfigNode {
        guard let value = self[key] else { throw fail("'\(key)' is required") }
        return value
    }
}

extension ConfigNode {
    /// `90s`, `30m`, `4h`, `2d` in seconds; nil for anything else.
    public static func seconds(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let unit = text.last, let number = Double(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        default: return nil
        }
    }
}
