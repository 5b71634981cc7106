// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// One Sigma document as read from YAML: a detection rule, a correlation rule or a filter
/// (Sigma specification v2: rules, correlation rules and filters).
public struct SigmaRule: Sendable {
    public enum Kind: Sendable {
        case detection(SigmaDetection)
        case correlation(SigmaCorrelation)
        case filter(SigmaFilter)
    }

    /// The rule's `id`, or `<path>#<document>` when it has none.
    public var id: String
    /// The optional `name` correlation rules refer to.
    public var name: String?
    public var title: String
    public var status: String?
    public var level: SigmaLevel?
    public var description: String?
    public var author: String?
    public var date: String?
    public var modified: String?
    public var tags: [String]
    public var references: [String]
    public var falsePositives: [String]
    public var logsource: SigmaLogsource
    public var kind: Kind
    public var location: SourceLocation
    /// The YAML of the rule's document as the file has it (its logic, for people to read); nil when unknown.
    public var source: String? = nil

    /// ATT&CK technique and tactic tags (`attack.t1059.001`, `attack.execution`).
    public var attackTags: [String] { tags.filter { $0.lowercased().hasPrefix("attack.") } }
}

public enum SigmaLevel: String, Sendable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

public struct SigmaLogsource: Sendable, Hashable {
    public var product: String?
    public var category: String?
    public var service: String?
    public var definition: String?

    public init(product: String? = nil, category: String? = nil, service: String? = nil, definition: String? = nil) {
        self.product = product
        self.category = category
        self.service = service
        self.definition = definition
    }

    public var isEmpty: Bool { product == nil && category == nil && service == nil }

    public var description: String {
        [("product", product), ("category", category), ("service", service)]
            .compactMap { name, value in value.map { "\(name): \($0)" } }.joined(separator: ", ")
    }
}

/// A file and line, for error messages and for showing where a rule came from.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// The `detection` section: named searches and the condition over them.
public struct SigmaDetection: Sendable {
    public var searches: [String: SigmaSearch]
    /// Search names in the order written (for `them` and for stable output).
    public var order: [String]
    /// One or more conditions; several are alternatives (OR).
    public var conditions: [String]
    public var conditionLine: Int
}

/// One search identifier's definition.
public indirect enum SigmaSearch: Sendable {
    /// A map: every item must match (AND).
    case allOf([SigmaFieldItem])
    /// A list of maps: any must match (OR).
    case anyOf([SigmaSearch])
    /// A list of plain values without field: keyword (full-text) search, any must match.
    case keywords(SigmaFieldItem)
}

/// `field|mod|mod: value(s)`; `field` is nil for keywords.
public struct SigmaFieldItem: Sendable {
    public var field: String?
    public var modifiers: [String]
    public var values: [SigmaValue]
    public var line: Int
}

/// A scalar as written in the rule. `text` is the original spelling (YAML `yes` stays `yes`).
public struct SigmaValue: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case string, number, bool, null }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .string) {
        self.text = text
        self.kind = kind
    }
}

/// The `correlation` section of a correlation rule.
public struct SigmaCorrelation: Sendable {
    public enum CorrelationType: String, Sendable, CaseIterable {
        case eventCount = "event_count"
        case valueCount = "value_count"
        case temporal
        case temporalOrdered = "temporal_ordered"
        case valueSum = "value_sum"
        case valueAvg = "value_avg"
    }

    public var type: CorrelationType
    /// Referenced rules, by `id` or `name`.
    public var rules: [String]
    public var groupBy: [String]
    /// Seconds.
    public var timespan: Double
    public var condition: CountCondition?
    /// For value_count, value_sum and value_avg: the field whose values are counted or added.
    public var field: String?
    /// alias → (rule name or id → field)
    public var aliases: [String: [String: String]]
    /// Whether the referenced rules also alert on their own.
    public var generate: Bool
}

/// `gt`/`gte`/`lt`/`lte`/`eq` bounds, all of which must hold.
public struct CountCondition: Sendable, Hashable {
    public var gt: Double?
    public var gte: Double?
    public var lt: Double?
    public var lte: Double?
    public var eq: Double?

    public func holds(_ value: Double) -> Bool {
        if let gt, !(value > gt) { return false }
        if let gte, !(value >= gte) { return false }
        if let lt, !(value < lt) { return false }
        if let lte, !(value <= lte) { return false }
        if let eq, value != eq { return false }
        return true
    }

    /// Whether a growing count can reach the condition (it has a lower bound); an upper-bound-only condition is
    /// judged when the window closes.
    public var hasLowerBound: Bool { gt != nil || gte != nil || eq != nil }
}

/// A Sigma filter: extra conditions that remove matches of the rules it names.
public struct SigmaFilter: Sendable {
    public var rules: [String]
    public var detection: SigmaDetection
}
