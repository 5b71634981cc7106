// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A separation-of-duties rule: entitlements that one person must not hold together, on one system or across
/// several (creating vendors and releasing payments; writing code and approving its deployment).
public struct SoDRule: Sendable, Equatable {
    /// One side of the conflict: an entitlement by its name as the system writes it (compared without case), on a
    /// source by its name, or on any source when `source` is empty.
    public struct Side: Sendable, Equatable {
        public var source: String
        public var entitlement: String

        public init(source: String = "", entitlement: String) {
            self.source = source
            self.entitlement = entitlement
        }
    }

    public var id: String
    public var title: String
    public var severity: Severity
    public var conflict: [Side]

    public init(id: String, title: String, severity: Severity = .high, conflict: [Side]) {
        self.id = id
        self.title = title
        self.severity = severity
        self.conflict = conflict
    }
}

/// The rules file (`--access-sod`) and the check of a person's accounts against it.
///
/// ```yaml
/// rules:
///   - id: vendor-and-payment
///     title: Create vendors and release payments
///     severity: high            # optional: low, medium, high (default), critical
///     conflict:                 # two or more; all held by one person is a conflict
///       - source: erp           # optional: any source when left out
///         entitlement: vendor-admin
///       - source: bank
///         entitlement: payment-release
/// ```
public enum SeparationOfDuties {
    public static func parse(_ text: String, path: String) throws -> [SoDRule] {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["rules"])
        guard let items = root["rules"]?.items else { throw root.fail("'rules' must be a list of rules") }
        var rules: [SoDRule] = []
        var ids = Set<String>()
        for item in items {
            try item.only(["id", "title", "severity", "conflict"])
            guard let id = item["id"]?.node.string?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
                throw item.fail("a rule needs an 'id'")
            }
            guard ids.insert(id).inserted else { throw item.fail("the id '\(id)' is used twice") }
            var severity = Severity.high
            if let node = item["severity"] {
                guard let text = node.node.string, let value = Severity(rawValue: text), value != .informational else {
                    throw node.fail("severity: one of low, medium, high, critical")
                }
                severity = value
            }
            guard let sides = item["conflict"]?.items, sides.count >= 2 else {
                throw item.fail("rule '\(id)': 'conflict' must list at least two entitlements")
            }
            let conflict = try sides.map { side -> SoDRule.Side in
                try side.only(["source", "entitlement"])
                guard let name = side["entitlement"]?.node.string?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw side.fail("rule '\(id)': each side needs an 'entitlement'")
                }
                return SoDRule.Side(source: side["source"]?.node.string?.trimmingCharacters(in: .whitespaces) ?? "", entitlement: name)
            }
            rules.append(SoDRule(id: id, title: item["title"]?.node.string ?? id, severity: severity, conflict: conflict))
        }
        return rules
    }

    /// One account's part in a conflict.
    public struct Conflict: Sendable, Equatable {
        public var rule: SoDRule
        /// Every entitlement of the conflict as held: `vendor-admin on erp (alice)`.
        public var held: [String]
    }

    /// The conflicts of one holder (a person, or an account nobody is linked to), by the accounts taking part: each
    /// account holding a side of a rule whose every side the holder holds. `sourceNames` names the accounts' sources.
    public static func conflicts(_ accounts: [Account], rules: [SoDRule], sourceNames: [String: String]) -> [String: [Conflict]] {
        var result: [String: [Conflict]] = [:]
        let live = accounts.filter { $0.removedAt == nil && $0.enabled }
        for rule in rules {
            var matched: [(side: Int, account: Account, entitlement: Entitlement)] = []
            for (index, side) in rule.conflict.enumerated() {
                for account in live {
                    let source = sourceNames[account.sourceID] ?? ""
                    guard side.source.isEmpty || side.source.caseInsensitiveCompare(source) == .orderedSame else { continue }
                    for entitlement in account.entitlements where entitlement.name.caseInsensitiveCompare(side.entitlement) == .orderedSame {
                        matched.append((index, account, entitlement))
                    }
                }
            }
            guard Set(matched.map(\.side)).count == rule.conflict.count else { continue }
            let held = matched.map { "\($0.entitlement.name) on \(sourceNames[$0.account.sourceID] ?? "?") (\($0.account.username))" }
            for id in Set(matched.map(\.account.id)) { result[id, default: []].append(Conflict(rule: rule, held: held)) }
        }
        return result
    }
}
