// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Monitoring
import SQLKit

/// Translates a parsed search into an SQL condition over the `events` table, with the meaning ``QueryMatcher`` gives
/// it in memory: words in `raw`, case-insensitive field equality (any element of a list), wildcards, comparisons.
struct EventQuerySQL {
    let dialect: Database.Dialect

    func condition(_ node: QueryNode) -> SQLQueryString {
        switch node {
        case .all:
            return "1=1"
        case .and(let nodes):
            return join(nodes, " AND ")
        case .or(let nodes):
            return join(nodes, " OR ")
        case .not(let inner):
            return "NOT (\(condition(inner)))"
        case .words(let words, let prefix):
            return wordsCondition(words, prefix: prefix)
        case .rawPattern(let pattern):
            return "LOWER(raw) LIKE \(bind: likePattern(pattern.lowercased(), anchored: false)) ESCAPE '!'"
        case .field(let name, let predicate):
            return fieldCondition(name, predicate)
        }
    }

    private func join(_ nodes: [QueryNode], _ separator: String) -> SQLQueryString {
        var query: SQLQueryString = "("
        for (index, node) in nodes.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: separator) }
            query.appendInterpolation(condition(node))
        }
        query.appendInterpolation(unsafeRaw: ")")
        return query
    }

    private func wordsCondition(_ words: [String], prefix: Bool) -> SQLQueryString {
        switch dialect {
        case .sqlite:
            // FTS5 phrase; words are letters and digits only, so they need no quoting inside the phrase.
            let match = "\"" + words.joined(separator: " ") + "\"" + (prefix ? " *" : "")
            return "seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH \(bind: match))"
        case .postgres:
            // Whole words in order, separated by anything but letters and digits.
            // Explicit boundaries rather than \m and \M, which miss non-ASCII letters under the C locale.
            var regex = "(^|[^[:alnum:]])" + words.map(Self.regexEscaped).joined(separator: "[^[:alnum:]]+")
            if !prefix { regex += "($|[^[:alnum:]])" }
            return "raw ~* \(bind: regex)"
        }
    }

    private static func regexEscaped(_ word: String) -> String {
        word.unicodeScalars.map { scalar in
            let char = Character(scalar)
            return char.isLetter || char.isNumber ? String(char) : "\\" + String(char)
        }.joined()
    }

    /// `*`/`?` glob → LIKE pattern with `!` escapes.
    private func likePattern(_ glob: String, anchored: Bool) -> String {
        var pattern = anchored ? "" : "%"
        for char in glob {
            switch char {
            case "*": pattern.append("%")
            case "?": pattern.append("_")
            case "%", "_", "!": pattern.append("!"); pattern.append(char)
            default: pattern.append(char)
            }
        }
        if !anchored { pattern.append("%") }
        return pattern
    }

    private func fieldCondition(_ name: String, _ predicate: FieldPredicate) -> SQLQueryString {
        if let column = Self.columns[name] {
            switch predicate {
            case .equals(let value):
                return column.numeric ? "1=0" : "LOWER(\(unsafeRaw: column.name)) = \(bind: value.lowercased())"
            case .pattern(let glob):
                return column.numeric
                    ? "1=0" : "LOWER(\(unsafeRaw: column.name)) LIKE \(bind: likePattern(glob.lowercased(), anchored: true)) ESCAPE '!'"
            case .exists:
                return column.numeric ? "1=1" : "\(unsafeRaw: column.name) <> ''"
            case .compare(let comparison, let number):
                return column.numeric ? "\(unsafeRaw: column.name) \(unsafeRaw: comparison.rawValue) \(bind: Int64(number))" : "1=0"
            }
        }
        switch dialect {
        case .sqlite:
            let path = "$.\"\(name)\""
            let text = "CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE LOWER(CAST(value AS TEXT)) END"
            // Scalars through json_extract (cheap); lists element by element through json_each (a cursor per row).
            switch predicate {
            case .equals(let value):
                let lowered = value.lowercased()
                let scalar: SQLQueryString =
                    lowered == "true" || lowered == "false"
                    ? "json_type(events.fields, \(bind: path)) = \(bind: lowered)"
                    : "LOWER(CAST(json_extract(events.fields, \(bind: path)) AS TEXT)) = \(bind: lowered)"
                // COALESCE: a missing field makes the scalar test NULL, and NOT NULL would hide the event.
                return
                    "COALESCE(\(scalar) OR (json_type(events.fields, \(bind: path)) = 'array' AND EXISTS (SELECT 1 FROM json_each(events.fields, \(bind: path)) WHERE type <> 'null' AND \(unsafeRaw: text) = \(bind: lowered))), 0)"
            case .pattern(let glob):
                let like = likePattern(glob.lowercased(), anchored: true)
                let scalar: SQLQueryString =
                    "(json_type(events.fields, \(bind: path)) NOT IN ('array', 'null', 'true', 'false') AND LOWER(CAST(json_extract(events.fields, \(bind: path)) AS TEXT)) LIKE \(bind: like) ESCAPE '!')"
                return
                    "COALESCE(\(scalar) OR (json_type(events.fields, \(bind: path)) IN ('array', 'true', 'false') AND EXISTS (SELECT 1 FROM json_each(events.fields, \(bind: path)) WHERE type <> 'null' AND \(unsafeRaw: text) LIKE \(bind: like) ESCAPE '!')), 0)"
            case .exists:
                return "COALESCE(json_type(events.fields, \(bind: path)), 'null') <> 'null'"
            case .compare(let comparison, let number):
                return
                    "EXISTS (SELECT 1 FROM json_each(events.fields, \(bind: path)) WHERE (CASE WHEN type IN ('integer', 'real') THEN value WHEN type = 'text' AND TRIM(value) GLOB '*[0-9]*' AND TRIM(value) NOT GLOB '*[^0-9.eE+-]*' THEN CAST(TRIM(value) AS REAL) END) \(unsafeRaw: comparison.rawValue) \(bind: number))"
            }
        case .postgres:
            func over(_ where: SQLQueryString) -> SQLQueryString {
                var query: SQLQueryString =
                    "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(events.fields -> \(bind: name)) WHEN 'array' THEN events.fields -> \(bind: name) ELSE jsonb_build_array(events.fields -> \(bind: name)) END) AS element(value) WHERE jsonb_typeof(value) <> 'null' AND "
                query.appendInterpolation(`where`)
                query.appendInterpolation(unsafeRaw: ")")
                return query
            }
            switch predicate {
            case .equals(let value):
                return over("LOWER(value #>> '{}') = \(bind: value.lowercased())")
            case .pattern(let glob):
                return over("LOWER(value #>> '{}') LIKE \(bind: likePattern(glob.lowercased(), anchored: true)) ESCAPE '!'")
            case .exists:
                return "COALESCE(jsonb_typeof(events.fields -> \(bind: name)), 'null') <> 'null'"
            case .compare(let comparison, let number):
                return over(
                    "(CASE WHEN jsonb_typeof(value) = 'number' THEN (value #>> '{}')::float8 WHEN jsonb_typeof(value) = 'string' AND TRIM(value #>> '{}') ~ '^[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?$' THEN TRIM(value #>> '{}')::float8 END) \(unsafeRaw: comparison.rawValue) \(bind: number)"
                )
            }
        }
    }

    /// Fields kept in columns of their own.
    static let columns: [String: (name: String, numeric: Bool)] = [
        EventColumns.timestamp: ("ts", true),
        EventColumns.received: ("received", true),
        EventColumns.host: ("host", false),
        EventColumns.input: ("input", false),
    ]
}
