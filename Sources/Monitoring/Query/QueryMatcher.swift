// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Evaluates a query against one event in memory, with the same meaning the store gives it in SQL: used for live
/// views and as the reference the SQL translation is tested against.
public enum QueryMatcher {
    public static func matches(_ node: QueryNode, _ event: Event) -> Bool {
        switch node {
        case .all: return true
        case .and(let nodes): return nodes.allSatisfy { matches($0, event) }
        case .or(let nodes): return nodes.contains { matches($0, event) }
        case .not(let inner): return !matches(inner, event)
        case .words(let words, let prefix): return containsWords(words, prefix: prefix, in: event.raw)
        case .rawPattern(let pattern): return glob(pattern.lowercased(), event.raw.lowercased(), anchored: false)
        case .field(let name, let predicate): return matches(predicate, values(name, event))
        }
    }

    static func values(_ name: String, _ event: Event) -> [FieldValue] {
        switch name {
        case EventColumns.timestamp: return [.double((event.timestamp.timeIntervalSince1970 * 1000).rounded())]
        case EventColumns.received: return [.double((event.received.timeIntervalSince1970 * 1000).rounded())]
        case EventColumns.host: return [.string(event.host)]
        case EventColumns.input: return [.string(event.input)]
        default:
            guard let value = event.fields[name] else { return [] }
            if case .list(let items) = value { return items }
            return [value]
        }
    }

    static func matches(_ predicate: FieldPredicate, _ values: [FieldValue]) -> Bool {
        switch predicate {
        case .exists: return values.contains { $0 != .null }
        case .equals(let expected):
            let lowered = expected.lowercased()
            return values.contains { $0 != .null && $0.text.lowercased() == lowered }
        case .pattern(let pattern):
            return values.contains { $0 != .null && glob(pattern.lowercased(), $0.text.lowercased(), anchored: true) }
        case .compare(let comparison, let number):
            return values.contains { value in value.number.map { comparison.holds($0, number) } ?? false }
        }
    }

    /// Lowercased runs of letters and digits.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    static func containsWords(_ words: [String], prefix: Bool, in text: String) -> Bool {
        let haystack = self.words(text)
        guard !words.isEmpty, haystack.count >= words.count else { return words.isEmpty }
        for start in 0...(haystack.count - words.count) {
            var found = true
            for (offset, word) in words.enumerated() {
                let candidate = haystack[start + offset]
                let last = offset == words.count - 1
                if last && prefix ? !candidate.hasPrefix(word) : candidate != word { found = false; break }
            }
            if found { return true }
        }
        return false
    }

    /// `*` any run, `?` one character; anchored to the whole text or anywhere in it. Both sides already lowercased.
    static func glob(_ pattern: String, _ text: String, anchored: Bool) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        if !anchored { return glob("*" + pattern + "*", text, anchored: true) }
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
