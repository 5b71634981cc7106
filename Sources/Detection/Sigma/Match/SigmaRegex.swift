// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A `re` value compiled once, with a literal every match must contain (when the expression has one): a value
/// without it is refused before the regular-expression engine runs.
struct SigmaRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    /// Literals of which every match contains one (one per top-level alternative), as containment patterns.
    let required: [SigmaPattern]

    init(_ pattern: String, options: NSRegularExpression.Options) throws {
        expression = try NSRegularExpression(pattern: pattern, options: options)
        // A leading (?i) makes the whole expression case-insensitive, as the i modifier does.
        let inline = pattern.hasPrefix("(?i)")
        let insensitive = options.contains(.caseInsensitive) || inline
        required = (Self.requiredLiterals(inline ? String(pattern.dropFirst(4)) : pattern) ?? []).map {
            SigmaPattern(parts: [.star, .text($0), .star], cased: !insensitive)
        }
    }

    func matches(_ text: String) -> Bool {
        if !required.isEmpty, !required.contains(where: { $0.matches(text) }) { return false }
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// One required literal per top-level alternative (`a.*x|b.*y` → the literals of each side), or nil when an
    /// alternative has none.
    static func requiredLiterals(_ pattern: String) -> [String]? {
        var branches: [String] = []
        var current = ""
        var depth = 0
        var inClass = false
        var escaped = false
        for character in pattern {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[": inClass = true
            case "]": inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth -= 1
            case "|" where !inClass && depth == 0:
                branches.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        branches.append(current)
        var literals: [String] = []
        for branch in branches {
            guard let literal = requiredLiteral(branch) else { return nil }
            literals.append(literal)
        }
        return literals
    }

    /// The longest run of plain characters that every match contains, or nil: none is claimed for
    /// expressions with top-level alternation or inline options; groups (also `(?:`, lookarounds) are skipped, and a
    /// character followed by a quantifier is not counted.
    static func requiredLiteral(_ pattern: String) -> String? {
        let characters = Array(pattern)
        var best = "", current = ""
        var depth = 0
        var index = 0
        func end() {
            if depth == 0, current.count > best.count { best = current }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            var literal: Character?
            var width = 1
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let next = characters[index + 1]
                width = 2
                if next.isLetter || next.isNumber { literal = nil } else { literal = next }
            case "[":
                // A class is one unknown character: skip to its end.
                var close = index + 1
                if close < characters.count, characters[close] == "^" { close += 1 }
                if close < characters.count, characters[close] == "]" { close += 1 }
                while close < characters.count, characters[close] != "]" { close += characters[close] == "\\" ? 2 : 1 }
                width = close - index + 1
                literal = nil
            case "(":
                end()
                depth += 1
                index += 1
                if index < characters.count, characters[index] == "?" {
                    // (?: (?= (?! (?<= (?<! are groups; any other (? is an inline option that could change matching.
                    let marker = String(characters[index..<min(index + 3, characters.count)])
                    if marker.hasPrefix("?:") || marker.hasPrefix("?=") || marker.hasPrefix("?!") {
                        index += 2
                    } else if marker == "?<=" || marker == "?<!" {
                        index += 3
                    } else {
                        return nil
                    }
                }
                continue
            case ")":
                end()
                depth = max(0, depth - 1)
                index += 1
                continue
            case "|":
                // A top-level alternative: nothing is required of the whole (see requiredLiterals).
                if depth == 0 { return nil }
                literal = nil
            case ".", "^", "$":
                literal = nil
            case "*", "+", "?", "{":
                // The previous character may repeat or vanish: it is not required.
                if character != "+", !current.isEmpty { current.removeLast() }
                end()
                if character == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                }
                index += 1
                continue
            default:
                literal = character
            }
            if let literal, depth == 0 {
                current.append(literal)
            } else {
                end()
            }
            index += width
        }
        end()
        // Even one character is worth checking before the regex engine runs (a backtick, a quote); the literal
        // prefilter index takes only literals of three characters or more.
        return best.isEmpty ? nil : best
    }
}
