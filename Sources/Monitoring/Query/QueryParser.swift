// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The search language:
///
/// - `word`, `"a phrase"`: words in the raw text (case-insensitive, whole words); `pre*` a word prefix;
///   `*part*` or `a*b` a substring pattern of the raw text.
/// - `field:value`, `field:"a value"`: case-insensitive equality; `field:val*` wildcards (`*`, `?`); `field:*` presence.
/// - `field>10`, `field<=2.5`, `field:>10`: numeric comparisons; on `@timestamp` and `event.received` the value is a
///   time (`@timestamp>=2026-01-31T00:00:00Z`, a date, or `now-15m`).
/// - `AND`, `OR`, `NOT` (also `-term`), parentheses; terms side by side mean AND; AND binds tighter than OR.
public enum QueryParser {
    public static let maximumLength = 4096

    /// A time as searches take it: RFC 3339, a date, `now`, or `now-15m` (s, m, h, d, w).
    /// Times a search works in: 1970 to the end of year 9999. A time outside is moved to the nearer end (no event is
    /// older than 1970), so `now-999999w` or year 85 cannot print as an RFC 3339 time a client cannot read.
    public static let timeRange = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    public static func parseTime(_ text: String, now: Date) -> Date? {
        Parser.time(text, now: now).map { min(max($0, timeRange.lowerBound), timeRange.upperBound) }
    }

    /// A value as a quoted term of the language: `"…"` with `\` and `"` escaped, so that any text matches itself
    /// (`user.name:` + `quoted(name)`).
    public static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public static func parse(_ text: String, now: Date = Date()) throws(QueryError) -> QueryNode {
        guard text.count <= maximumLength else {
            throw QueryError(position: maximumLength, message: "the query is longer than \(maximumLength) characters")
        }
        var parser = Parser(tokens: try Lexer.tokens(text), now: now, length: text.count)
        return try parser.parseQuery()
    }

    // MARK: Tokens

    enum TokenKind: Equatable {
        case open, close, and, or, not
        /// A term: bare or quoted text, perhaps `field:value` / `field>value`.
        case term(field: String?, op: String?, value: String, quoted: Bool)
    }

    struct Token: Equatable {
        var kind: TokenKind
        var position: Int
    }

    enum Lexer {
        static func isFieldChar(_ char: Character) -> Bool {
            char.isLetter || char.isNumber || char == "." || char == "_" || char == "@" || char == "-"
        }

        static func tokens(_ text: String) throws(QueryError) -> [Token] {
            let chars = Array(text)
            var tokens: [Token] = []
            var index = 0
            func readQuoted(_ start: Int) throws(QueryError) -> (String, Int) {
                var value = ""
                var position = start + 1
                while position < chars.count {
                    let char = chars[position]
                    if char == "\\", position + 1 < chars.count { value.append(chars[position + 1]); position += 2; continue }
                    if char == "\"" { return (value, position + 1) }
                    value.append(char)
                    position += 1
                }
                throw QueryError(position: start, message: "this quote is never closed")
            }
            while index < chars.count {
                let char = chars[index]
                if char.isWhitespace { index += 1; continue }
                if char == "(" { tokens.append(Token(kind: .open, position: index)); index += 1; continue }
                if char == ")" { tokens.append(Token(kind: .close, position: index)); index += 1; continue }
                if char == "\"" {
                    let (value, next) = try readQuoted(index)
                    tokens.append(Token(kind: .term(field: nil, op: nil, value: value, quoted: true), position: index))
                    index = next
                    continue
                }
                if char == "-", index + 1 < chars.count, chars[index + 1].isLetter || chars[index + 1] == "(" || chars[index + 1] == "\"" {
                    tokens.append(Token(kind: .not, position: index))
                    index += 1
                    continue
                }
                // A bare word up to whitespace or a parenthesis; a field name ends at `:`, `<`, `>`.
                let start = index
                var fieldEnd = index
                while fieldEnd < chars.count, isFieldChar(chars[fieldEnd]) { fieldEnd += 1 }
                if fieldEnd > start, fieldEnd < chars.count, ":<>".contains(chars[fieldEnd]) {
                    let field = String(chars[start..<fieldEnd])
                    var position = fieldEnd
                    var op = ":"
                    if chars[position] == ":" { position += 1 }
                    if position < chars.count, chars[position] == "<" || chars[position] == ">" {
                        op = String(chars[position])
                        position += 1
                        if position < chars.count, chars[position] == "=" { op += "="; position += 1 }
                    }
                    if position < chars.count, chars[position] == "\"" {
                        let (value, next) = try readQuoted(position)
                        tokens.append(Token(kind: .term(field: field, op: op, value: value, quoted: true), position: start))
                        index = next
                        continue
                    }
                    var end = position
                    while end < chars.count, !chars[end].isWhitespace, chars[end] != "(", chars[end] != ")" { end += 1 }
                    if end == position { throw QueryError(position: position, message: "a value must follow \(field)\(op)") }
                    tokens.append(Token(kind: .term(field: field, op: op, value: String(chars[position..<end]), quoted: false), position: start))
                    index = end
                    continue
                }
                var end = index
                while end < chars.count, !chars[end].isWhitespace, chars[end] != "(", chars[end] != ")", chars[end] != "\"" { end += 1 }
                let word = String(chars[index..<end])
                switch word {
                case "AND", "&&": tokens.append(Token(kind: .and, position: index))
                case "OR", "||": tokens.append(Token(kind: .or, position: index))
                case "NOT", "!": tokens.append(Token(kind: .not, position: index))
                default: tokens.append(Token(kind: .term(field: nil, op: nil, value: word, quoted: false), position: index))
                }
                index = end
            }
            return tokens
        }
    }

    // MARK: Grammar

    struct Parser {
        var tokens: [Token]
        var index = 0
        let now: Date
        let length: Int
        var depth = 0

        init(tokens: [Token], now: Date, length: Int) {
            self.tokens = tokens
            self.now = now
            self.length = length
        }

        var current: Token? { index < tokens.count ? tokens[index] : nil }

        mutating func parseQuery() throws(QueryError) -> QueryNode {
            if tokens.isEmpty { return .all }
            let node = try parseOr()
            if let token = current {
                throw QueryError(
                    position: token.position, message: token.kind == .close ? "this ')' has no matching '('" : "unexpected \(describe(token))")
            }
            return node
        }

        mutating func parseOr() throws(QueryError) -> QueryNode {
            var nodes = [try parseAnd()]
            while current?.kind == .or {
                index += 1
                nodes.append(try parseAnd())
            }
            return nodes.count == 1 ? nodes[0] : .or(nodes)
        }

        mutating func parseAnd() throws(QueryError) -> QueryNode {
            var nodes = [try parseUnary()]
            while let token = current, token.kind != .or, token.kind != .close {
                if token.kind == .and { index += 1 }
                nodes.append(try parseUnary())
            }
            return nodes.count == 1 ? nodes[0] : .and(nodes)
        }

        mutating func parseUnary() throws(QueryError) -> QueryNode {
            guard let token = current else {
                let position = tokens.last.map { $0.position } ?? 0
                throw QueryError(position: min(length, position + 1), message: "the query ends where a term was expected")
            }
            switch token.kind {
            case .not:
                index += 1
                return .not(try parseUnary())
            case .open:
                depth += 1
                if depth > 64 { throw QueryError(position: token.position, message: "parentheses nest too deep") }
                index += 1
                let node = try parseOr()
                guard current?.kind == .close else { throw QueryError(position: token.position, message: "this '(' is never closed") }
                index += 1
                depth -= 1
                return node
            case .close:
                throw QueryError(position: token.position, message: "expected a term before ')'")
            case .and, .or:
                throw QueryError(position: token.position, message: "expected a term before \(describe(token))")
            case .term(let field, let op, let value, let quoted):
                index += 1
                return try term(field: field, op: op, value: value, quoted: quoted, position: token.position)
            }
        }

        func describe(_ token: Token) -> String {
            switch token.kind {
            case .open: return "'('"
            case .close: return "')'"
            case .and: return "AND"
            case .or: return "OR"
            case .not: return "NOT"
            case .term(_, _, let value, _): return "'\(value)'"
            }
        }

        func term(field: String?, op: String?, value: String, quoted: Bool, position: Int) throws(QueryError) -> QueryNode {
            guard let field, let op else { return Self.freeText(value, quoted: quoted, position: position) }
            if op == ":" {
                if !quoted && value == "*" { return .field(field, .exists) }
                if !quoted && (value.contains("*") || value.contains("?")) { return .field(field, .pattern(value)) }
                return .field(field, .equals(value))
            }
            guard let comparison = Comparison(rawValue: op) else {
                throw QueryError(position: position, message: "unknown operator \(op)")
            }
            if field == EventColumns.timestamp || field == EventColumns.received {
                guard let date = Self.time(value, now: now) else {
                    throw QueryError(
                        position: position + field.count + op.count,
                        message: "'\(value)' is not a time (use 2026-01-31T12:00:00Z, 2026-01-31 or now-15m)")
                }
                return .field(field, .compare(comparison, (date.timeIntervalSince1970 * 1000).rounded()))
            }
            guard let number = Double(value), number.isFinite else {
                throw QueryError(
                    position: position + field.count + op.count,
                    message: "'\(value)' is not a number; \(op) compares numbers (and times on @timestamp)")
            }
            return .field(field, .compare(comparison, number))
        }

        static func freeText(_ value: String, quoted: Bool, position: Int) -> QueryNode {
            if !quoted {
                let inner = value.dropLast(value.hasSuffix("*") ? 1 : 0)
                if inner.contains("*") || inner.contains("?") || value.hasPrefix("*") { return .rawPattern(value) }
                let words = QueryMatcher.words(String(inner))
                if words.isEmpty { return value.hasSuffix("*") ? .all : .rawPattern(value) }
                return .words(words, prefix: value.hasSuffix("*"))
            }
            let words = QueryMatcher.words(value)
            return words.isEmpty ? .rawPattern("*\(value)*") : .words(words, prefix: false)
        }

        /// An RFC 3339 time, a date, or `now`, `now-15m`, `now-2h`, `now-7d`.
        static func time(_ text: String, now: Date) -> Date? {
            if text == "now" { return now }
            if text.hasPrefix("now-"), let unit = text.last, let amount = Double(text.dropFirst(4).dropLast()) {
                let seconds: Double
                switch unit {
                case "s": seconds = 1
                case "m": seconds = 60
                case "h": seconds = 3600
                case "d": seconds = 86400
                case "w": seconds = 7 * 86400
                default: return nil
                }
                return now.addingTimeInterval(-amount * seconds)
            }
            return TimeParser.iso(text)?.date
        }
    }
}
