// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A detection rule ready to run: its logsource conditions and its detection as ``MatchNode`` trees.
public struct CompiledRule: Sendable {
    public let rule: SigmaRule
    /// nil when the rule's logsource has no mapping (then the rule runs only when logsource is ignored).
    let logsource: MatchNode?
    let detection: MatchNode
    /// For the rule index: the channels and event IDs the logsource requires (lowercased), when it requires them.
    let channels: [String]?
    let eventIDs: [String]?
    /// Exclusions (Sigma filters and configured exclusions) that remove matches.
    var exclusions: [MatchNode] = []

    public var isMapped: Bool { logsource != nil }

    func matches(_ event: DetectionEvent, checkLogsource: Bool) -> Bool {
        if checkLogsource {
            guard let logsource, logsource.matches(event) else { return false }
        }
        guard detection.matches(event) else { return false }
        for exclusion in exclusions where exclusion.matches(event) { return false }
        return true
    }
}

/// Turns Sigma detections into ``MatchNode`` trees: every modifier of the specification (v2.1) is applied here.
public struct SigmaCompiler: Sendable {
    public var mapping: LogsourceMapping

    public init(mapping: LogsourceMapping = .defaults) {
        self.mapping = mapping
    }

    public struct CompileError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { message }
    }

    public func compile(_ rule: SigmaRule) throws -> CompiledRule {
        guard case .detection(let detection) = rule.kind else {
            throw CompileError(line: rule.location.line, message: "not a detection rule")
        }
        let node = try compile(detection)
        let conditions = mapping.conditions(for: rule.logsource)
        let logsource = conditions.map(conditionNode)
        let channels = conditions?["Channel"].map { $0.map { $0.lowercased() } }
        let eventIDs = conditions?["EventID"]
        return CompiledRule(rule: rule, logsource: logsource, detection: node.ordered, channels: channels, eventIDs: eventIDs)
    }

    /// The detection's condition(s) over its compiled searches.
    func compile(_ detection: SigmaDetection) throws -> MatchNode {
        var searches: [String: MatchNode] = [:]
        for name in detection.order {
            searches[name] = try compile(detection.searches[name]!)
        }
        var alternatives: [MatchNode] = []
        for text in detection.conditions {
            do {
                let condition = try SigmaCondition.parse(text).resolved(searches: detection.order)
                alternatives.append(node(condition, searches))
            } catch let error as SigmaCondition.ParseError {
                throw CompileError(line: detection.conditionLine, message: error.message)
            }
        }
        return alternatives.count == 1 ? alternatives[0] : .any(alternatives)
    }

    private func node(_ condition: SigmaCondition, _ searches: [String: MatchNode]) -> MatchNode {
        switch condition {
        case .search(let name): return searches[name]!
        case .and(let terms): return .all(terms.map { node($0, searches) })
        case .or(let terms): return .any(terms.map { node($0, searches) })
        case .not(let term): return .not(node(term, searches))
        case .of(let count, let joined):
            let names = joined.split(separator: "\u{0}").map(String.init)
            return .atLeast(count ?? names.count, names.map { searches[$0]! })
        }
    }

    func compile(_ search: SigmaSearch) throws -> MatchNode {
        switch search {
        case .allOf(let items):
            let nodes = try items.map(compile)
            return nodes.count == 1 ? nodes[0] : .all(nodes)
        case .anyOf(let searches):
            return .any(try searches.map(compile))
        case .keywords(let item):
            return try compile(item)
        }
    }

    /// Event conditions from a logsource mapping: each field must hold one of its values (`*`: exist).
    func conditionNode(_ conditions: [String: [String]]) -> MatchNode {
        .all(
            conditions.sorted { $0.key < $1.key }.map { field, values in
                let path = mapping.path(field)
                if values == ["*"] { return .field(path, .exists(true)) }
                return .field(path, .patterns(values.map { SigmaPattern(parts: [.text($0)], cased: false) }))
            })
    }

    // MARK: Field items and modifiers

    static let knownModifiers: Set<String> = [
        "contains", "startswith", "endswith", "all", "base64", "base64offset", "utf16le", "wide", "utf16be", "utf16",
        "windash", "re", "i", "m", "s", "cidr", "exists", "fieldref", "lt", "lte", "gt", "gte", "neq", "cased", "expand",
        "minute", "hour", "day", "week", "month", "year",
    ]

    private enum Working {
        case parts([SigmaPattern.Part])
        case bytes([UInt8])
    }

    func compile(_ item: SigmaFieldItem) throws -> MatchNode {
        func fail(_ message: String) -> CompileError {
            CompileError(line: item.line, message: "'\(([item.field ?? ""] + item.modifiers).joined(separator: "|"))': \(message)")
        }
        var leading = false, trailing = false, all = false, cased = false, neq = false
        var regex: NSRegularExpression.Options?
        var cidr = false, exists = false, fieldref = false, expand = false
        var comparison: FieldTest.Comparison?
        var timePart: FieldTest.TimePart?
        var transforms: [String] = []
        for modifier in item.modifiers {
            guard Self.knownModifiers.contains(modifier) else { throw fail("unknown modifier '\(modifier)'") }
            switch modifier {
            case "contains": leading = true; trailing = true
            case "startswith": trailing = true
            case "endswith": leading = true
            case "all": all = true
            case "cased": cased = true
            case "neq": neq = true
            case "re": regex = []
            case "i", "m", "s":
                guard var options = regex else { throw fail("'\(modifier)' must follow 're'") }
                options.insert(modifier == "i" ? .caseInsensitive : modifier == "m" ? .anchorsMatchLines : .dotMatchesLineSeparators)
                regex = options
            case "cidr": cidr = true
            case "exists": exists = true
            case "fieldref": fieldref = true
            case "expand": expand = true
            case "lt", "lte", "gt", "gte": comparison = FieldTest.Comparison(rawValue: modifier)
            case "minute", "hour", "day", "week", "month", "year": timePart = FieldTest.TimePart(rawValue: modifier)
            default: transforms.append(modifier == "wide" ? "utf16le" : modifier)
            }
        }
        let special = [regex != nil, cidr, exists, fieldref, comparison != nil && timePart == nil].filter { $0 }.count
        if special > 1 { throw fail("re, cidr, exists, fieldref and lt/lte/gt/gte cannot be combined") }
        if special == 1, !transforms.isEmpty { throw fail("\(transforms[0]) cannot be combined with re, cidr, exists, fieldref or comparisons") }
        if (regex != nil || cidr || exists || comparison != nil) && (leading || trailing) {
            throw fail("contains/startswith/endswith cannot be combined with re, cidr, exists or comparisons")
        }
        if item.field == nil && (exists || fieldref || comparison != nil || timePart != nil || neq) {
            throw fail("this modifier needs a field name")
        }
        let path = item.field.map(mapping.path)

        var groups: [[FieldTest]] = []
        for value in item.values {
            if value.kind == .null {
                if exists || fieldref || regex != nil || cidr || comparison != nil { throw fail("null is not a valid value here") }
                groups.append([.null])
                continue
            }
            if exists {
                switch value.text.lowercased() {
                case "true", "yes": groups.append([.exists(true)])
                case "false", "no": groups.append([.exists(false)])
                default: throw fail("exists needs true or false")
                }
                continue
            }
            if let options = regex {
                do {
                    groups.append([.regex(try SigmaRegex(value.text, options: options))])
                } catch {
                    throw fail("invalid regular expression '\(value.text)'")
                }
                continue
            }
            if cidr {
                guard let network = CIDR(value.text) else { throw fail("invalid CIDR '\(value.text)'") }
                groups.append([.cidr([network])])
                continue
            }
            if fieldref {
                let shape: SigmaPattern.Shape = leading && trailing ? .contains : leading ? .suffix : trailing ? .prefix : .exact
                groups.append([.fieldRef(mapping.path(value.text), shape, cased: cased)])
                continue
            }
            if let comparison {
                guard let number = Double(value.text) else { throw fail("\(comparison.rawValue) needs a number, not '\(value.text)'") }
                let test = FieldTest.compare(comparison, number)
                groups.append([timePart.map { .timePart($0, test) } ?? test])
                continue
            }
            if let timePart {
                guard let number = Double(value.text) else { throw fail("\(timePart.rawValue) needs a number, not '\(value.text)'") }
                groups.append([.timePart(timePart, .compare(.eq, number))])
                continue
            }
            var texts = [value.text]
            if expand { texts = try expandPlaceholders(value.text, fail: fail) }
            var variants: [Working] = texts.map { .parts(SigmaPattern.parts($0)) }
            for transform in transforms {
                variants = try variants.flatMap { try apply(transform, to: $0, fail: fail) }
            }
            var patterns: [SigmaPattern] = []
            let keywordSearch = item.field == nil && item.modifiers.isEmpty
            for variant in variants {
                guard case .parts(var parts) = variant else {
                    throw fail("utf16 encodings must be followed by base64 or base64offset")
                }
                if leading || keywordSearch { parts.insert(.star, at: 0) }
                if trailing || keywordSearch { parts.append(.star) }
                patterns.append(SigmaPattern(parts: parts, cased: cased))
            }
            groups.append([.patterns(patterns)])
        }

        func fieldNode(_ test: FieldTest) -> MatchNode {
            if let path { return .field(path, test) }
            return .keyword(test)
        }
        func merged(_ tests: [FieldTest]) -> FieldTest {
            var patterns: [SigmaPattern] = []
            var others: [FieldTest] = []
            for test in tests {
                if case .patterns(let list) = test { patterns += list } else { others.append(test) }
            }
            if patterns.count >= PatternSet.threshold {
                others.insert(.patternSet(PatternSet(patterns)), at: 0)
            } else if !patterns.isEmpty {
                others.insert(.patterns(patterns), at: 0)
            }
            return others.count == 1 ? others[0] : .anyOf(others)
        }
        if neq {
            return fieldNode(.notAny(groups.flatMap { $0 }))
        }
        if all, groups.count > 1 {
            return .all(groups.map { fieldNode(merged($0)) })
        }
        return fieldNode(merged(groups.flatMap { $0 }))
    }

    private func expandPlaceholders(_ text: String, fail: (String) -> CompileError) throws -> [String] {
        var results = [""]
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "%") {
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "%") else { break }
            let name = String(rest[afterStart..<end])
            guard let values = mapping.placeholders[name], !values.isEmpty else {
                throw fail("unknown placeholder '%\(name)%' (define it under 'placeholders' in the detection configuration)")
            }
            let prefix = rest[..<start]
            results = results.flatMap { head in values.map { head + prefix + $0 } }
            rest = rest[rest.index(after: end)...]
        }
        guard results.count <= 1000 else { throw fail("placeholders expand to more than 1,000 values") }
        return results.map { $0 + rest }
    }

    private func apply(_ transform: String, to working: Working, fail: (String) -> CompileError) throws -> [Working] {
        func bytes() throws -> [UInt8] {
            switch working {
            case .bytes(let bytes): return bytes
            case .parts(let parts):
                guard let plain = SigmaPattern.plain(parts) else { throw fail("\(transform) cannot encode wildcards") }
                return Array(plain.utf8)
            }
        }
        func plainText() throws -> String {
            guard case .parts(let parts) = working, let plain = SigmaPattern.plain(parts) else {
                throw fail("\(transform) needs a plain text value")
            }
            return plain
        }
        switch transform {
        case "base64":
            return [.parts([.text(Data(try bytes()).base64EncodedString())])]
        case "base64offset":
            let value = try bytes()
            let starts = [0, 2, 3]
            let ends = [0, -3, -2]
            return (0..<3).map { shift in
                let encoded = Array(Data(Array(repeating: UInt8(ascii: " "), count: shift) + value).base64EncodedString().utf8)
                let endTrim = ends[(value.count + shift) % 3]
                let end = encoded.count + endTrim
                let slice = starts[shift] < end ? Array(encoded[starts[shift]..<end]) : []
                return .parts([.text(String(decoding: slice, as: UTF8.self))])
            }
        case "utf16le", "utf16be", "utf16":
            let text = try plainText()
            var result: [UInt8] = transform == "utf16" ? [0xFF, 0xFE] : []
            for unit in text.utf16 {
                let low = UInt8(unit & 0xFF), high = UInt8(unit >> 8)
                result += transform == "utf16be" ? [high, low] : [low, high]
            }
            return [.bytes(result)]
        case "windash":
            guard case .parts(let parts) = working else { throw fail("windash needs a text value") }
            return try windash(parts, fail: fail).map { .parts($0) }
        default:
            throw fail("unknown modifier '\(transform)'")
        }
    }

    static let dashes: [Character] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]

    /// Every spelling of the value with each option dash (`-` or `/` after a non-word character and before a word
    /// character, as pySigma finds them) replaced by `-`, `/`, en dash, em dash and horizontal bar.
    private func windash(_ parts: [SigmaPattern.Part], fail: (String) -> CompileError) throws -> [[SigmaPattern.Part]] {
        func isWord(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character == "_" || character.isLetter || character.isNumber
        }
        var results: [[SigmaPattern.Part]] = [[]]
        var previous: Character?
        for (index, part) in parts.enumerated() {
            guard case .text(let text) = part else {
                results = results.map { $0 + [part] }
                previous = nil
                continue
            }
            let characters = Array(text)
            var variants = [""]
            for (position, character) in characters.enumerated() {
                let before = position > 0 ? characters[position - 1] : previous
                var after: Character? = position + 1 < characters.count ? characters[position + 1] : nil
                if after == nil, index + 1 < parts.count, case .text(let next) = parts[index + 1] { after = next.first }
                if (character == "-" || character == "/"), !isWord(before), isWord(after) {
                    variants = variants.flatMap { head in Self.dashes.map { head + String($0) } }
                    guard variants.count <= 625 else { throw fail("windash: too many dashes to expand") }
                } else {
                    variants = variants.map { $0 + String(character) }
                }
            }
            results = results.flatMap { head in variants.map { head + [.text($0)] } }
            previous = characters.last
        }
        return results
    }
}
