// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Which loaded rules run: by id, level, status, tag or path. Disabled rules are loaded (and listed) but not run.
public struct RuleSelection: Sendable, Hashable {
    /// Rule ids switched off (or on, overriding the other criteria).
    public var disabled: Set<String> = []
    public var enabled: Set<String> = []
    /// Rules below this level do not run.
    public var minimumLevel: SigmaLevel?
    /// Rules with these statuses do not run (by default deprecated and unsupported ones).
    public var excludedStatuses: Set<String> = ["deprecated", "unsupported"]
    /// When not empty, only rules with at least one of these tags run (`attack.t1059`, prefix match).
    public var tags: [String] = []
    /// Rules whose path contains one of these do not run.
    public var excludedPaths: [String] = []

    public init() {}

    public static let all: RuleSelection = {
        var selection = RuleSelection()
        selection.excludedStatuses = []
        return selection
    }()

    /// Why the rule does not run; nil when it runs.
    public func reasonDisabled(_ rule: SigmaRule) -> String? {
        if enabled.contains(rule.id) { return nil }
        if disabled.contains(rule.id) { return "disabled" }
        if let minimumLevel, let level = rule.level, level < minimumLevel { return "level below \(minimumLevel.rawValue)" }
        if let status = rule.status, excludedStatuses.contains(status) { return "status \(status)" }
        if !tags.isEmpty {
            let lowered = rule.tags.map { $0.lowercased() }
            if !tags.contains(where: { tag in lowered.contains { $0.hasPrefix(tag.lowercased()) } }) { return "no selected tag" }
        }
        if let path = excludedPaths.first(where: { rule.location.path.contains($0) }) { return "path excluded (\(path))" }
        return nil
    }
}

/// A match the team decided not to see: for one rule or all (`ruleID` nil), while the event matches `condition`
/// (a Sigma detection map), until `expires`.
public struct DetectionExclusion: Sendable {
    public var id: String
    public var ruleID: String?
    public var condition: CompiledCondition
    public var reason: String
    public var expires: Date?

    public init(id: String, ruleID: String?, condition: CompiledCondition, reason: String, expires: Date?) {
        self.id = id
        self.ruleID = ruleID
        self.condition = condition
        self.reason = reason
        self.expires = expires
    }
}

/// A compiled Sigma detection (searches and condition) usable outside a rule: exclusions, filters.
public struct CompiledCondition: Sendable {
    let node: MatchNode

    public func matches(_ event: DetectionEvent) -> Bool { node.matches(event) }
}

extension SigmaCompiler {
    /// A detection given as YAML (`selection: {User|startswith: adm_}` and `condition: selection`), or a plain
    /// selection map (then every item must match).
    public func condition(yaml: String, path: String = "exclusion") throws -> CompiledCondition {
        var yaml = yaml
        if !yaml.contains("condition:") {
            yaml = "selection:\n" + yaml.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\ncondition: selection"
        }
        let outcomes = SigmaYAML.parse(
            "title: exclusion\nlogsource: {}\ndetection:\n"
                + yaml.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"), path: path)
        guard let first = outcomes.first else { throw CompileError(line: 1, message: "empty condition") }
        switch first {
        case .failure(let error): throw CompileError(line: max(1, error.location.line - 3), message: error.message)
        case .rule(let rule):
            guard case .detection(let detection) = rule.kind else { throw CompileError(line: 1, message: "not a detection") }
            return CompiledCondition(node: try compile(detection))
        }
    }
}
