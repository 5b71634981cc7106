// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// When a new alert matches `when`, do `then`: open a case (or extend the open one of the same group), apply a
/// playbook, assign, notify. Read from YAML (`--case-automation`):
/// ```yaml
/// rules:
///   - name: Ransomware behaviour opens a case
///     when:
///       tag: attack.impact          # a tag or tag prefix
///       min_severity: high
///       rule: 5b8ca1f6-…            # a rule id (optional)
///       host: "srv-*"               # host, * wildcards (optional)
///       source: sigma               # sigma, correlation, intel, manual (optional)
///       fields: {indicator_type: ip} # alert context values (optional)
///     then:
///       case: extend                # open: a case per alert; extend: one open case per group
///       group_by: host              # host, user, rule or none (extend only; default host)
///       playbook: ransomware
///       assign: alice
///       severity: critical          # default: the alert's
///       notify: true
/// ```
public struct AutomationRule: Sendable, Hashable {
    public var name: String
    public var ruleID: String?
    public var tag: String?
    public var minimumSeverity: Severity?
    public var host: String?
    public var source: AlertSource?
    public var fields: [String: String]
    public var extend: Bool
    public var groupBy: GroupBy
    public var playbook: String?
    public var assign: String?
    public var severity: Severity?
    public var notify: Bool

    public enum GroupBy: String, Sendable, Hashable, CaseIterable {
        case host, user, rule, none
    }

    public init(
        name: String, ruleID: String? = nil, tag: String? = nil, minimumSeverity: Severity? = nil, host: String? = nil, source: AlertSource? = nil,
        fields: [String: String] = [:], extend: Bool = true, groupBy: GroupBy = .host, playbook: String? = nil, assign: String? = nil,
        severity: Severity? = nil, notify: Bool = false
    ) {
        self.name = name
        self.ruleID = ruleID
        self.tag = tag
        self.minimumSeverity = minimumSeverity
        self.host = host
        self.source = source
        self.fields = fields
        self.extend = extend
        self.groupBy = groupBy
        self.playbook = playbook
        self.assign = assign
        self.severity = severity
        self.notify = notify
    }

    public func matches(_ alert: Alert) -> Bool {
        if let ruleID, alert.ruleID != ruleID { return false }
        if let tag, !alert.tags.contains(where: { $0.lowercased().hasPrefix(tag.lowercased()) }) { return false }
        if let minimumSeverity, alert.severity < minimumSeverity { return false }
        if let host, !Self.glob(host.lowercased(), alert.host.lowercased()) { return false }
        if let source, alert.source != source { return false }
        for (key, value) in fields {
            let actual: String? =
                switch key {
                case "host": alert.host
                case "user": alert.user
                case "title": alert.title
                default: alert.context[key]
                }
            guard let actual, actual.caseInsensitiveCompare(value) == .orderedSame else { return false }
        }
        return true
    }

    /// The key of the case an alert extends: this rule and the alert's group.
    public func groupKey(_ alert: Alert) -> String {
        let group: String
        switch groupBy {
        case .host: group = alert.host.lowercased()
        case .user: group = alert.user.lowercased()
        case .rule: group = alert.ruleID ?? alert.title
        case .none: group = ""
        }
        return "auto|\(name)|\(group)"
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard !part.isEmpty else { continue }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    /// Reads the rules file; a bad rule is an error naming its line (the file applies all or nothing: it is the
    /// user's own configuration).
    public static func parse(_ text: String, path: String, playbooks: PlaybookLibrary) throws -> [AutomationRule] {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["rules"])
        guard let items = try root.required("rules").items else { throw root.fail("'rules' must be a list") }
        var rules: [AutomationRule] = []
        for item in items {
            try item.only(["name", "when", "then"])
            let name = try item.required("name").string("name")
            guard !rules.contains(where: { $0.name == name }) else { throw item.fail("two rules are named '\(name)'") }
            let when = try item.required("when")
            try when.only(["rule", "tag", "min_severity", "host", "source", "fields"])
            let then = try item.required("then")
            try then.only(["case", "group_by", "playbook", "assign", "severity", "notify"])
            func severity(_ node: ConfigNode?, _ field: String) throws -> Severity? {
                guard let node else { return nil }
                let text = try node.string(field)
                guard let value = Severity(rawValue: text) else {
                    throw node.fail("'\(field)': '\(text)' is not one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            var rule = AutomationRule(name: name)
            rule.ruleID = try when["rule"]?.string("rule")
            rule.tag = try when["tag"]?.string("tag")
            rule.minimumSeverity = try severity(when["min_severity"], "min_severity")
            rule.host = try when["host"]?.string("host")
            if let node = when["source"] {
                let text = try node.string("source")
                guard let source = AlertSource(rawValue: text) else {
                    throw node.fail("'source': '\(text)' is not one of \(AlertSource.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rule.source = source
            }
            if let node = when["fields"] {
                guard let entries = node.entries else { throw node.fail("'fields' must map alert fields to values") }
                for (key, value) in entries { rule.fields[key] = try value.string(key) }
            }
            guard
                rule.ruleID != nil || rule.tag != nil || rule.minimumSeverity != nil || rule.host != nil || rule.source != nil || !rule.fields.isEmpty
            else {
                throw when.fail("'when' needs at least one condition (a rule matching every alert would open a case for each)")
            }
            if let node = then["case"] {
                let text = try node.string("case")
                guard ["open", "extend"].contains(text) else { throw node.fail("'case' must be open or extend") }
                rule.extend = text == "extend"
            }
            if let node = then["group_by"] {
                let text = try node.string("group_by")
                guard let group = GroupBy(rawValue: text) else { throw node.fail("'group_by' must be host, user, rule or none") }
                rule.groupBy = group
            }
            if let node = then["playbook"] {
                let id = try node.string("playbook")
                guard playbooks[id] != nil else {
                    throw node.fail("'playbook': '\(id)' is not a playbook (known: \(playbooks.sorted.map(\.id).joined(separator: ", ")))")
                }
                rule.playbook = id
            }
            rule.assign = try then["assign"]?.string("assign")
            rule.severity = try severity(then["severity"], "severity")
            rule.notify = try then["notify"]?.bool("notify") ?? false
            rules.append(rule)
        }
        return rules
    }
}
