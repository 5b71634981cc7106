// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Yams

/// Reads Sigma YAML into ``SigmaRule`` values: every document of a file, each either a rule or an error with its line.
public enum SigmaYAML {
    public enum Outcome: Sendable {
        case rule(SigmaRule)
        case failure(SigmaLoadError)
    }

    /// Rules and per-document errors from one YAML text.
    public static func parse(_ yaml: String, path: String) -> [Outcome] {
        var outcomes: [Outcome] = []
        let documents: YamlSequence<Node>
        do {
            try YAMLGuard.check(yaml)
            documents = try compose_all(yaml: yaml, .basic)
        } catch {
            return [.failure(yamlError(error, path: path))]
        }
        let texts = documentTexts(yaml)
        var global: YNode?
        var index = 0
        var iterator = documents
        while true {
            let node: Node?
            node = iterator.next()
            guard let node else { break }
            index += 1
            do {
                var tree = try YNode(node, path: path)
                if let action = tree["action"]?.text {
                    switch action {
                    case "global":
                        global = tree
                        continue
                    case "reset":
                        global = nil
                        continue
                    case "repeat":
                        break
                    default:
                        throw SigmaLoadError(SourceLocation(path: path, line: tree.line), "unknown action '\(action)'")
                    }
                }
                if let global { tree = tree.merged(over: global) }
                var parsed = try rule(tree, path: path, document: index)
                if texts.indices.contains(index - 1) { parsed.source = texts[index - 1] }
                outcomes.append(.rule(parsed))
            } catch let error as SigmaLoadError {
                outcomes.append(.failure(error))
            } catch {
                outcomes.append(.failure(SigmaLoadError(SourceLocation(path: path, line: node.mark?.line ?? 1), "\(error)")))
            }
        }
        if let error = iterator.error {
            outcomes.append(.failure(yamlError(error, path: path)))
        }
        return outcomes
    }

    /// The text of each YAML document of a file (split at `---` lines), at most 64 KB each.
    static func documentTexts(_ yaml: String) -> [String] {
        var documents: [String] = []
        var current: [Substring] = []
        var started = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("---") && line.dropFirst(3).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if started || current.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }) {
                    documents.append(current.joined(separator: "\n"))
                }
                current = []
                started = true
                continue
            }
            if line.hasPrefix("...") { continue }
            current.append(line)
        }
        if current.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { documents.append(current.joined(separator: "\n")) }
        return documents.map { String($0.trimmingCharacters(in: .newlines).prefix(65_536)) }
    }

    static func yamlError(_ error: any Error, path: String) -> SigmaLoadError {
        if let refusal = error as? YAMLGuard.Refusal {
            return SigmaLoadError(SourceLocation(path: path, line: refusal.line), refusal.message)
        }
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                return SigmaLoadError(SourceLocation(path: path, line: mark.line), "invalid YAML: \(problem)")
            default: break
            }
        }
        return SigmaLoadError(SourceLocation(path: path, line: 1), "invalid YAML: \(error)")
    }

    static func rule(_ tree: YNode, path: String, document: Int) throws -> SigmaRule {
        func fail(_ line: Int, _ message: String, id: String? = nil) -> SigmaLoadError {
            SigmaLoadError(SourceLocation(path: path, line: line), message, ruleID: id)
        }
        guard tree.entries != nil else { throw fail(tree.line, "a Sigma document must be a map") }
        let id = tree["id"]?.text
        guard let title = tree["title"]?.text, !title.isEmpty else { throw fail(tree.line, "missing 'title'", id: id) }
        var level: SigmaLevel?
        if let node = tree["level"], let text = node.text {
            guard let parsed = SigmaLevel(rawValue: text.lowercased()) else {
                throw fail(node.line, "unknown level '\(text)' (informational, low, medium, high, critical)", id: id)
            }
            level = parsed
        }
        var logsource = SigmaLogsource()
        if let node = tree["logsource"] {
            guard node.entries != nil else { throw fail(node.line, "'logsource' must be a map", id: id) }
            logsource = SigmaLogsource(
                product: node["product"]?.text?.lowercased(), category: node["category"]?.text?.lowercased(),
                service: node["service"]?.text?.lowercased(), definition: node["definition"]?.text)
        }
        let kind: SigmaRule.Kind
        if let node = tree["correlation"] {
            kind = .correlation(try correlation(node, generate: tree["generate"], fail: { fail($0, $1, id: id) }))
        } else if let node = tree["filter"] {
            guard let rules = node["rules"]?.strings, !rules.isEmpty else {
                throw fail(node.line, "filter: 'rules' must name at least one rule", id: id)
            }
            kind = .filter(SigmaFilter(rules: rules, detection: try detection(node, skipping: ["rules"], fail: { fail($0, $1, id: id) })))
        } else if let node = tree["detection"] {
            kind = .detection(try detection(node, skipping: [], fail: { fail($0, $1, id: id) }))
        } else {
            throw fail(tree.line, "missing 'detection' (or 'correlation' or 'filter')", id: id)
        }
        if case .detection = kind, logsource.isEmpty, tree["logsource"] == nil {
            throw fail(tree.line, "missing 'logsource'", id: id)
        }
        let name = tree["name"]?.text
        return SigmaRule(
            id: id ?? "\(path)#\(document)", name: name, title: title, status: tree["status"]?.text?.lowercased(), level: level,
            description: tree["description"]?.text, author: tree["author"]?.text, date: tree["date"]?.text,
            modified: tree["modified"]?.text, tags: tree["tags"]?.strings ?? [], references: tree["references"]?.strings ?? [],
            falsePositives: tree["falsepositives"]?.strings ?? [], logsource: logsource, kind: kind,
            location: SourceLocation(path: path, line: tree.line))
    }

    static func detection(_ node: YNode, skipping: Set<String>, fail: (Int, String) -> SigmaLoadError) throws -> SigmaDetection {
        guard let entries = node.entries else { throw fail(node.line, "'detection' must be a map") }
        var searches: [String: SigmaSearch] = [:]
        var order: [String] = []
        var conditions: [String] = []
        var conditionLine = node.line
        for entry in entries where !skipping.contains(entry.key) {
            switch entry.key {
            case "condition":
                conditionLine = entry.line
                guard let texts = entry.value.strings, !texts.isEmpty else { throw fail(entry.line, "'condition' must be text or a list of texts") }
                conditions = texts
            case "timeframe":
                continue  // Sigma v1 aggregation window; aggregations are rejected with the condition.
            default:
                searches[entry.key] = try search(entry.value, fail: fail)
                order.append(entry.key)
            }
        }
        guard !conditions.isEmpty else { throw fail(node.line, "missing 'condition'") }
        guard !searches.isEmpty else { throw fail(node.line, "no search identifiers in 'detection'") }
        return SigmaDetection(searches: searches, order: order, conditions: conditions, conditionLine: conditionLine)
    }

    static func search(_ node: YNode, fail: (Int, String) -> SigmaLoadError) throws -> SigmaSearch {
        switch node {
        case .map(let entries, let line):
            guard !entries.isEmpty else { throw fail(line, "empty search") }
            return .allOf(try entries.map { try item(key: $0.key, value: $0.value, line: $0.line, fail: fail) })
        case .seq(let items, let line):
            guard !items.isEmpty else { throw fail(line, "empty search") }
            if items.allSatisfy({ $0.scalar != nil }) {
                return .keywords(SigmaFieldItem(field: nil, modifiers: [], values: items.compactMap(\.scalar), line: line))
            }
            return .anyOf(
                try items.map { item in
                    if let value = item.scalar {
                        return .keywords(SigmaFieldItem(field: nil, modifiers: [], values: [value], line: item.line))
                    }
                    return try search(item, fail: fail)
                })
        case .scalar(let value, let line):
            return .keywords(SigmaFieldItem(field: nil, modifiers: [], values: [value], line: line))
        }
    }

    static func item(key: String, value: YNode, line: Int, fail: (Int, String) -> SigmaLoadError) throws -> SigmaFieldItem {
        var parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let field = parts.removeFirst()
        let values: [SigmaValue]
        switch value {
        case .scalar(let scalar, _): values = [scalar]
        case .seq(let items, let seqLine):
            var collected: [SigmaValue] = []
            for item in items {
                guard let scalar = item.scalar else { throw fail(item.line, "'\(key)': list items must be plain values") }
                collected.append(scalar)
            }
            guard !collected.isEmpty else { throw fail(seqLine, "'\(key)': empty list of values") }
            values = collected
        case .map(_, let mapLine):
            throw fail(mapLine, "'\(key)': a field's value must be a value or a list of values, not a map")
        }
        return SigmaFieldItem(field: field.isEmpty ? nil : field, modifiers: parts, values: values, line: line)
    }

    static func correlation(_ node: YNode, generate: YNode?, fail: (Int, String) -> SigmaLoadError) throws -> SigmaCorrelation {
        guard node.entries != nil else { throw fail(node.line, "'correlation' must be a map") }
        guard let typeText = node["type"]?.text else { throw fail(node.line, "correlation: missing 'type'") }
        guard let type = SigmaCorrelation.CorrelationType(rawValue: typeText) else {
            let known = SigmaCorrelation.CorrelationType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(node["type"]!.line, "correlation: unsupported type '\(typeText)' (\(known))")
        }
        guard let rules = node["rules"]?.strings, !rules.isEmpty else { throw fail(node.line, "correlation: 'rules' must name at least one rule") }
        guard let span = node["timespan"] else { throw fail(node.line, "correlation: missing 'timespan'") }
        guard let spanText = span.text, let seconds = parseTimespan(spanText) else {
            throw fail(span.line, "correlation: invalid timespan '\(span.text ?? "")' (a number and s, m, h, d, w, M or y: 90m)")
        }
        let groupBy = node["group-by"]?.strings ?? []
        var condition: CountCondition?
        var field = node["field"]?.text
        if let conditionNode = node["condition"] {
            guard let entries = conditionNode.entries else {
                throw fail(conditionNode.line, "correlation: 'condition' must be a map such as {gte: 10}")
            }
            var parsed = CountCondition()
            for entry in entries {
                if entry.key == "field" {
                    field = entry.value.text
                    continue
                }
                guard let text = entry.value.text, let number = Double(text) else {
                    throw fail(entry.line, "correlation: condition '\(entry.key)' needs a number")
                }
                switch entry.key {
                case "gt": parsed.gt = number
                case "gte": parsed.gte = number
                case "lt": parsed.lt = number
                case "lte": parsed.lte = number
                case "eq": parsed.eq = number
                default: throw fail(entry.line, "correlation: unknown condition '\(entry.key)' (gt, gte, lt, lte, eq)")
                }
            }
            condition = parsed
        }
        switch type {
        case .eventCount, .valueCount, .valueSum, .valueAvg:
            guard condition != nil else { throw fail(node.line, "correlation: \(type.rawValue) needs a 'condition'") }
            if type != .eventCount, field == nil { throw fail(node.line, "correlation: \(type.rawValue) needs 'field' in its condition") }
        case .temporal, .temporalOrdered:
            break
        }
        var aliases: [String: [String: String]] = [:]
        if let aliasNode = node["aliases"] {
            guard let entries = aliasNode.entries else { throw fail(aliasNode.line, "correlation: 'aliases' must be a map") }
            for entry in entries {
                guard let map = entry.value.entries else { throw fail(entry.line, "correlation: alias '\(entry.key)' must map rule names to fields") }
                var fields: [String: String] = [:]
                for item in map {
                    guard let text = item.value.text else { throw fail(item.line, "correlation: alias '\(entry.key)': field name expected") }
                    fields[item.key] = text
                }
                aliases[entry.key] = fields
            }
        }
        let generateNode = node["generate"] ?? generate
        let generates = generateNode?.text.map { ["true", "yes", "on"].contains($0.lowercased()) } ?? false
        return SigmaCorrelation(
            type: type, rules: rules, groupBy: groupBy, timespan: seconds, condition: condition, field: field,
            aliases: aliases, generate: generates)
    }

    /// `90m`, `1h`, `30s`, `2d` (also `w`, `M` months of 30 days, `y` years of 365 days) in seconds.
    public static func parseTimespan(_ text: String) -> Double? {
        guard let unit = text.last, let number = Double(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        case "w": return number * 7 * 86400
        case "M": return number * 30 * 86400
        case "y": return number * 365 * 86400
        default: return nil
        }
    }
}
