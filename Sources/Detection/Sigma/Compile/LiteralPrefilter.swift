// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Picks, among many rules, the few that can match an event, before any rule is evaluated.
///
/// For each rule a *required literal set* is derived from its detection: texts of which at least one must occur
/// (case-insensitively) in a given field for the rule to match at all (an AND takes the most selective of its
/// parts' sets, an OR the union of all its parts' sets; a NOT, a regex or a comparison gives none). Rules without
/// such a set are always evaluated. Per event, each indexed field's value is scanned once: every position's
/// four-byte gram is looked up among the literals' first four bytes, and only literals found there are verified.
/// So an event costs one pass over its relevant fields plus the evaluation of the rules whose literals occur.
struct LiteralPrefilter {
    private struct Needle {
        var bytes: [UInt8]
        var field: Int
        var rules: [Int32]
    }

    private struct FieldIndex {
        var path: FieldPath
        var grams: [UInt32: [Int32]] = [:]
        /// Literals shorter than a gram, checked by direct search.
        var short: [Int32] = []
    }

    private var needles: [Needle] = []
    private var fields: [FieldIndex] = []
    /// Rules (positions in the list given at init) that must always be evaluated.
    private(set) var always: [Int32] = []
    private let ruleCount: Int
    /// A 2^16-bit filter over the grams present, so most positions cost one bit test.
    private var gramBits = [UInt64](repeating: 0, count: 1024)

    /// `rules` are the candidate list's rules' detection trees, in order.
    init(_ detections: [MatchNode]) {
        ruleCount = detections.count
        var fieldIndexes: [String: Int] = [:]
        var needleIndexes: [NeedleKey: Int] = [:]
        for (rule, detection) in detections.enumerated() {
            guard let requirement = Self.requirement(detection), !requirement.isEmpty else {
                always.append(Int32(rule))
                continue
            }
            for (path, literal) in requirement {
                let field: Int
                if let existing = fieldIndexes[path.field] {
                    field = existing
                } else {
                    field = fields.count
                    fieldIndexes[path.field] = field
                    fields.append(FieldIndex(path: path))
                }
                let key = NeedleKey(field: field, bytes: literal)
                if let existing = needleIndexes[key] {
                    if needles[existing].rules.last != Int32(rule) { needles[existing].rules.append(Int32(rule)) }
                    continue
                }
                let id = needles.count
                needleIndexes[key] = id
                needles.append(Needle(bytes: literal, field: field, rules: [Int32(rule)]))
                if literal.count >= 4 {
                    let gram = Self.gram(literal, 0)
                    fields[field].grams[gram, default: []].append(Int32(id))
                    let bit = Int(Self.hash(gram))
                    gramBits[bit >> 6] |= 1 << UInt64(bit & 63)
                } else {
                    fields[field].short.append(Int32(id))
                }
            }
        }
    }

    private struct NeedleKey: Hashable {
        var field: Int
        var bytes: [UInt8]
    }

    var indexedRules: Int { ruleCount - always.count }

    @inline(__always)
    private static func gram(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func gram(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    @inline(__always)
    private static func hash(_ gram: UInt32) -> UInt32 {
        (gram &* 2_654_435_761) >> 16
    }

    /// Scratch space reused across events (one per engine: engines are single-threaded).
    final class Scratch {
        var folded: [UInt8] = []
        var ruleMarks: [UInt32] = []
        var needleMarks: [UInt32] = []
        var generation: UInt32 = 0
        var candidates: [Int32] = []
    }

    /// Positions (in the init list) of the rules that may match `event`, ascending.
    func candidates(for event: DetectionEvent, scratch: Scratch) -> [Int32] {
        if scratch.ruleMarks.count < ruleCount { scratch.ruleMarks = Array(repeating: 0, count: ruleCount) }
        if scratch.needleMarks.count < needles.count { scratch.needleMarks = Array(repeating: 0, count: needles.count) }
        scratch.generation &+= 1
        if scratch.generation == 0 {
            for index in scratch.ruleMarks.indices { scratch.ruleMarks[index] = 0 }
            for index in scratch.needleMarks.indices { scratch.needleMarks[index] = 0 }
            scratch.generation = 1
        }
        let generation = scratch.generation
        scratch.candidates.removeAll(keepingCapacity: true)
        var found = false
        for field in fields {
            guard let value = event.value(field.path) else { continue }
            switch value {
            case .list(let items):
                for item in items { scan(item.text, field, generation, scratch, &found) }
            case .null: continue
            default: scan(value.text, field, generation, scratch, &found)
            }
        }
        guard found else { return always }
        for rule in always { scratch.ruleMarks[Int(rule)] = generation }
        for index in 0..<ruleCount where scratch.ruleMarks[index] == generation { scratch.candidates.append(Int32(index)) }
        return scratch.candidates
    }

    private func scan(_ text: String, _ field: FieldIndex, _ generation: UInt32, _ scratch: Scratch, _ found: inout Bool) {
        var text = text
        scratch.folded.removeAll(keepingCapacity: true)
        text.withUTF8 { bytes in
            for byte in bytes { scratch.folded.append(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
        }
        scratch.folded.withUnsafeBufferPointer { bytes in
            func mark(_ id: Int32) {
                guard scratch.needleMarks[Int(id)] != generation else { return }
                scratch.needleMarks[Int(id)] = generation
                found = true
                for rule in needles[Int(id)].rules { scratch.ruleMarks[Int(rule)] = generation }
            }
            for id in field.short where scratch.needleMarks[Int(id)] != generation {
                if Self.contains(bytes, needles[Int(id)].bytes) { mark(id) }
            }
            guard bytes.count >= 4, !field.grams.isEmpty else { return }
            for offset in 0...(bytes.count - 4) {
                let gram = Self.gram(bytes, offset)
                let bit = Int(Self.hash(gram))
                guard gramBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0, let ids = field.grams[gram] else { continue }
                for id in ids where scratch.needleMarks[Int(id)] != generation {
                    let needle = needles[Int(id)].bytes
                    guard offset + needle.count <= bytes.count else { continue }
                    var equal = true
                    var index = 4
                    while index < needle.count {
                        if bytes[offset + index] != needle[index] { equal = false; break }
                        index += 1
                    }
                    if equal { mark(id) }
                }
            }
        }
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        outer: for start in 0...(haystack.count - needle.count) {
            for index in 0..<needle.count where haystack[start + index] != needle[index] { continue outer }
            return true
        }
        return false
    }

    // MARK: Requirements

    /// Literals (field, lowercased bytes) of which one must occur for `node` to match; nil when none can be named.
    static func requirement(_ node: MatchNode) -> [(FieldPath, [UInt8])]? {
        switch node {
        case .field(let path, let test):
            return requirement(path, test)
        case .all(let children):
            var best: [(FieldPath, [UInt8])]?
            for child in children {
                guard let candidate = requirement(child) else { continue }
                if best == nil || score(candidate) > score(best!) { best = candidate }
            }
            return best
        case .any(let children), .atLeast(_, let children):
            var union: [(FieldPath, [UInt8])] = []
            for child in children {
                guard let part = requirement(child) else { return nil }
                union += part
            }
            return union.isEmpty ? nil : union
        case .not, .keyword, .constant:
            return nil
        }
    }

    private static func requirement(_ path: FieldPath, _ test: FieldTest) -> [(FieldPath, [UInt8])]? {
        switch test {
        case .patterns(let patterns):
            var result: [(FieldPath, [UInt8])] = []
            for pattern in patterns {
                let literal = pattern.longestLiteral
                guard !literal.isEmpty, literal.allSatisfy({ $0 < 0x80 }) else { return nil }
                result.append((path, literal.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }))
            }
            return result.isEmpty ? nil : result
        case .patternSet(let set):
            return requirement(path, .patterns(set.all))
        case .regex(let regex):
            guard !regex.required.isEmpty else { return nil }
            var result: [(FieldPath, [UInt8])] = []
            for pattern in regex.required {
                let literal = pattern.longestLiteral
                guard literal.count >= 3, literal.allSatisfy({ $0 < 0x80 }) else { return nil }
                result.append((path, literal.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }))
            }
            return result
        case .anyOf(let tests):
            var union: [(FieldPath, [UInt8])] = []
            for test in tests {
                guard let part = requirement(path, test) else { return nil }
                union += part
            }
            return union
        default:
            return nil
        }
    }

    /// Fewer, longer literals select better; literals of four bytes or more use the gram index.
    private static func score(_ requirement: [(FieldPath, [UInt8])]) -> Double {
        let shortest = requirement.map(\.1.count).min() ?? 0
        return Double(min(shortest, 8)) - Double(requirement.count) * 0.5 + (shortest >= 4 ? 4 : 0)
    }
}

extension SigmaPattern {
    /// The longest run of literal bytes (lowercased unless cased) between wildcards.
    var longestLiteral: [UInt8] {
        if shape != .glob { return needle }
        var best: [UInt8] = []
        var current: [UInt8] = []
        for atom in atoms {
            if case .byte(let byte) = atom {
                current.append(byte)
            } else {
                if current.count > best.count { best = current }
                current = []
            }
        }
        return current.count > best.count ? current : best
    }
}
