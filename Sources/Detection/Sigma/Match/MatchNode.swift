// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A Sigma field name and the event field names it is looked up by, in order (the name itself first, then the
/// places shippers put it, such as Winlogbeat's `winlog.event_data.<name>`).
struct FieldPath: Sendable, Hashable {
    var field: String
    var names: [String]
}

/// A compiled condition over one event.
indirect enum MatchNode: Sendable {
    case all([MatchNode])
    case any([MatchNode])
    case not(MatchNode)
    case atLeast(Int, [MatchNode])
    case field(FieldPath, FieldTest)
    /// A value anywhere in the event: the original text, or any field's value.
    case keyword(FieldTest)
    case constant(Bool)

    /// A rough evaluation cost: `and`/`or` evaluate cheap children first, so a regular expression runs only when the
    /// plain comparisons beside it have not already decided (both are commutative, so results do not change).
    var cost: Int {
        switch self {
        case .all(let nodes), .any(let nodes), .atLeast(_, let nodes): return nodes.reduce(1) { $0 + $1.cost }
        case .not(let node): return node.cost + 1
        case .field(_, let test): return test.cost
        case .keyword(let test): return test.cost * 20
        case .constant: return 0
        }
    }

    /// The same tree with the children of every `and`/`or` ordered by cost.
    var ordered: MatchNode {
        switch self {
        case .all(let nodes): return .all(nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .any(let nodes): return .any(nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .atLeast(let count, let nodes): return .atLeast(count, nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .not(let node): return .not(node.ordered)
        default: return self
        }
    }

    func matches(_ event: DetectionEvent) -> Bool {
        switch self {
        case .all(let nodes):
            for node in nodes where !node.matches(event) { return false }
            return true
        case .any(let nodes):
            for node in nodes where node.matches(event) { return true }
            return false
        case .not(let node): return !node.matches(event)
        case .atLeast(let count, let nodes):
            var found = 0
            for node in nodes where node.matches(event) {
                found += 1
                if found >= count { return true }
            }
            return false
        case .field(let path, let test):
            return test.matches(event.value(path), in: event)
        case .keyword(let test):
            if let raw = event.raw, test.matches(.string(raw), in: event) { return true }
            for value in event.fields.values where test.matches(value, in: event) { return true }
            return false
        case .constant(let value): return value
        }
    }
}
