// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A test of one field's value. A list value matches when any element does; a missing field matches only
/// `null`, `exists: false` and nothing else.
indirect enum FieldTest: Sendable {
    case patterns([SigmaPattern])
    /// Many patterns, matched in one pass.
    case patternSet(PatternSet)
    case regex(SigmaRegex)
    case cidr([CIDR])
    case compare(Comparison, Double)
    case exists(Bool)
    /// `field: null`: missing or null.
    case null
    case fieldRef(FieldPath, SigmaPattern.Shape, cased: Bool)
    case timePart(TimePart, FieldTest)
    /// `neq`: present, and none of the tests match.
    case notAny([FieldTest])
    case anyOf([FieldTest])

    var cost: Int {
        switch self {
        case .patterns(let patterns): return 2 + patterns.count
        case .patternSet: return 6
        case .regex: return 200
        case .cidr(let networks): return 4 + networks.count
        case .compare, .exists, .null: return 2
        case .fieldRef: return 5
        case .timePart: return 20
        case .notAny(let tests), .anyOf(let tests): return tests.reduce(1) { $0 + $1.cost }
        }
    }

    enum Comparison: String, Sendable {
        case lt, lte, gt, gte, eq
        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .lt: return lhs < rhs
            case .lte: return lhs <= rhs
            case .gt: return lhs > rhs
            case .gte: return lhs >= rhs
            case .eq: return lhs == rhs
            }
        }
    }

    enum TimePart: String, Sendable, CaseIterable {
        case minute, hour, day, week, month, year
    }

    func matches(_ value: FieldValue?, in event: DetectionEvent) -> Bool {
        switch self {
        case .null:
            guard let value else { return true }
            return value == .null
        case .exists(let expected):
            return (value != nil) == expected
        case .notAny(let tests):
            guard let value, value != .null else { return false }
            for test in tests where test.matches(value, in: event) { return false }
            return true
        case .anyOf(let tests):
            for test in tests where test.matches(value, in: event) { return true }
            return false
        default:
            guard let value else { return false }
            if case .list(let items) = value {
                for item in items where matchesScalar(item, in: event) { return true }
                return false
            }
            return matchesScalar(value, in: event)
        }
    }

    private func matchesScalar(_ value: FieldValue, in event: DetectionEvent) -> Bool {
        switch self {
        case .patterns(let patterns):
            if case .null = value { return false }
            let text = value.text
            for pattern in patterns where pattern.matches(text) { return true }
            return false
        case .patternSet(let set):
            if case .null = value { return false }
            return set.matches(value.text)
        case .regex(let regex): return value != .null && regex.matches(value.text)
        case .cidr(let networks):
            guard let address = CIDR.address(value.text) else { return false }
            return networks.contains { $0.contains(address) }
        case .compare(let comparison, let bound):
            guard let number = value.number else { return false }
            return comparison.holds(number, bound)
        case .fieldRef(let path, let shape, let cased):
            guard let other = event.value(path), other != .null else { return false }
            let otherText = other.text
            let pattern = SigmaPattern(
                parts: [shape == .suffix || shape == .contains ? .star : nil, .text(otherText), shape == .prefix || shape == .contains ? .star : nil]
                    .compactMap { $0 },
                cased: cased)
            return pattern.matches(value.text)
        case .timePart(let part, let test):
            guard let date = TimeParts.date(value) else { return false }
            return test.matches(.int(Int64(TimeParts.extract(part, from: date))), in: event)
        case .null, .exists, .notAny, .anyOf:
            return matches(value, in: event)
        }
    }
}
