// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A parsed `condition`: `and`, `or`, `not`, parentheses, `1 of X*`, `all of X*`, `1 of them`, `all of them`.
/// `not` binds tighter than `and`, which binds tighter than `or`.
indirect enum SigmaCondition: Equatable {
    case search(String)
    case and([SigmaCondition])
    case or([SigmaCondition])
    case not(SigmaCondition)
    /// `N of pattern` (`all` is nil); pattern `them` means every search not starting with `_`.
    case of(count: Int?, pattern: String)

    struct ParseError: Error, Equatable {
        var message: String
    }

    static func parse(_ text: String) throws -> SigmaCondition {
        var parser = Parser(tokens: try tokenize(text), text: text)
        let result = try parser.orExpression()
        if parser.index < parser.tokens.count {
            throw ParseError(message: "unexpected '\(parser.tokens[parser.index])' in condition '\(text)'")
        }
        return result
    }

    static func tokenize(_ text: String) throws -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in text {
            switch character {
            case "(", ")":
                flush()
                tokens.append(String(character))
            case " ", "\t", "\n", "\r":
                flush()
            case "|":
                throw ParseError(message: "aggregations ('| count() …') are Sigma v1 syntax and not supported; write a correlation rule instead")
            default:
                current.append(character)
            }
        }
        flush()
        return tokens
    }

    private struct Parser {
        var tokens: [String]
        var text: String
        var index = 0

        var peek: String? { index < tokens.count ? tokens[index] : nil }
        var peekLower: String? { peek?.lowercased() }

        mutating func next() -> String? {
            defer { index += 1 }
            return peek
        }

        mutating func orExpression() throws -> SigmaCondition {
            var terms = [try andExpression()]
            while peekLower == "or" {
                index += 1
                terms.append(try andExpression())
            }
            return terms.count == 1 ? terms[0] : .or(terms)
        }

        mutating func andExpression() throws -> SigmaCondition {
            var terms = [try notExpression()]
            while peekLower == "and" {
                index += 1
                terms.append(try notExpression())
            }
            return terms.count == 1 ? terms[0] : .and(terms)
        }

        mutating func notExpression() throws -> SigmaCondition {
            if peekLower == "not" {
                index += 1
                return .not(try notExpression())
            }
            return try primary()
        }

        mutating func primary() throws -> SigmaCondition {
            guard let token = next() else { throw ParseError(message: "condition '\(text)' ends too early") }
            let lower = token.lowercased()
            if token == "(" {
                let inner = try orExpression()
                guard next() == ")" else { throw ParseError(message: "missing ')' in condition '\(text)'") }
                return inner
            }
            if token == ")" || ["and", "or", "of"].contains(lower) {
                throw ParseError(message: "unexpected '\(token)' in condition '\(text)'")
            }
            if peekLower == "of" {
                index += 1
                let count: Int?
                if lower == "all" {
                    count = nil
                } else if lower == "any" {
                    count = 1
                } else if let number = Int(token), number > 0 {
                    count = number
                } else {
                    throw ParseError(message: "'\(token) of' in condition '\(text)': use '1 of', 'all of' or a positive number")
                }
                guard let pattern = next(), pattern != "(", pattern != ")" else {
                    throw ParseError(message: "'\(token) of' needs a search name, a pattern such as selection_* or 'them'")
                }
                return .of(count: count, pattern: pattern)
            }
            return .search(token)
        }
    }

    /// The condition with every `of` expanded over `searches` (written order). Throws for unknown names.
    func resolved(searches: [String]) throws -> SigmaCondition {
        switch self {
        case .search(let name):
            guard searches.contains(name) else { throw ParseError(message: "condition names '\(name)', which is not a search in 'detection'") }
            return self
        case .and(let terms): return .and(try terms.map { try $0.resolved(searches: searches) })
        case .or(let terms): return .or(try terms.map { try $0.resolved(searches: searches) })
        case .not(let term): return .not(try term.resolved(searches: searches))
        case .of(let count, let pattern):
            let names: [String]
            if pattern.lowercased() == "them" {
                names = searches.filter { !$0.hasPrefix("_") }
            } else {
                names = searches.filter { Self.glob(pattern, matches: $0) }
            }
            guard !names.isEmpty else { throw ParseError(message: "'of \(pattern)' matches no search in 'detection'") }
            let terms = names.map { SigmaCondition.search($0) }
            guard let count else { return terms.count == 1 ? terms[0] : .and(terms) }
            if count == 1 { return terms.count == 1 ? terms[0] : .or(terms) }
            guard count <= terms.count else { return .or([]) }
            return .of(count: count, pattern: names.joined(separator: "\u{0}"))
        }
    }

    /// Search-name patterns: `*` any run, `?` one character.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var pi = 0, ni = 0, star = -1, mark = 0
        while ni < n.count {
            if pi < p.count, p[pi] == "?" || p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ni
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ni = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
