// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What Detection keeps in the database: per-rule switches, exclusions, indicators and the position up to which
/// events were evaluated. Detection owns the `detection_rule_overrides`, `detection_exclusions`, `indicators` and
/// `detection_checkpoint` tables; Storage implements this.
public protocol DetectionStore: Sendable {
    func overrides() async throws -> [RuleOverride]
    func setOverride(_ override: RuleOverride) async throws

    func exclusions() async throws -> [StoredExclusion]
    func createExclusion(_ exclusion: StoredExclusion) async throws
    func deleteExclusion(id: String) async throws -> Bool

    /// Inserts or updates (by kind, value and source) in one transaction; (created, updated).
    func upsertIndicators(_ indicators: [Indicator]) async throws -> (created: Int, updated: Int)
    func indicators(kind: Indicator.Kind?, text: String?, page: PageRequest) async throws -> Page<Indicator>
    func allIndicators() async throws -> [Indicator]
    func deleteIndicator(id: String) async throws -> Bool
    func indicatorCount() async throws -> Int

    func checkpoint() async throws -> Int64?
    func setCheckpoint(_ id: Int64) async throws
}

/// A rule switched on or off by a person, overriding the selection by level and status.
public struct RuleOverride: Sendable, Hashable {
    public var ruleID: String
    public var enabled: Bool
    public var changedBy: String
    public var changedAt: Date

    public init(ruleID: String, enabled: Bool, changedBy: String, changedAt: Date) {
        self.ruleID = ruleID
        self.enabled = enabled
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}

/// An exclusion as stored: its condition as Sigma detection YAML (compiled when rules load).
public struct StoredExclusion: Sendable, Hashable {
    public var id: String
    /// nil: every rule.
    public var ruleID: String?
    public var condition: String
    public var reason: String
    public var expiresAt: Date?
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String = Identifier.make(), ruleID: String?, condition: String, reason: String, expiresAt: Date?, createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.ruleID = ruleID
        self.condition = condition
        self.reason = reason
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
