// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where alerts live. Incidents owns the `alerts`, `alert_comments` and `alert_suppressions` tables; Storage implements this.
public protocol AlertStore: Sendable {
    /// For each signal, in one transaction: grows the open alert with the same group key whose last event is within
    /// `window` of the signal's first event, or creates a new alert. Returns the alerts and whether each is new.
    func record(_ signals: [AlertSignal], window: TimeInterval, now: Date) async throws -> [(alert: Alert, created: Bool)]
    func create(_ alert: Alert) async throws
    func get(id: String) async throws -> Alert?
    func update(_ alert: Alert) async throws
    /// Newest first.
    func list(_ query: AlertQuery, page: PageRequest) async throws -> Page<Alert>
    /// How many alerts match, without reading them.
    func count(_ query: AlertQuery) async throws -> Int
    func counts(since: Date) async throws -> AlertCounts

    func addComment(_ comment: AlertComment) async throws
    func comments(alertID: String) async throws -> [AlertComment]

    func suppressions() async throws -> [AlertSuppression]
    func createSuppression(_ suppression: AlertSuppression) async throws
    func deleteSuppression(id: String) async throws -> Bool
    func addSuppressionHits(_ hits: [String: Int]) async throws
}

/// Alert counts for dashboards: open (new + acknowledged) by severity, new ones, and raised in the last 24 hours.
public struct AlertCounts: Sendable, Equatable {
    public var openBySeverity: [Severity: Int]
    public var new: Int
    public var last24Hours: Int

    public init(openBySeverity: [Severity: Int], new: Int, last24Hours: Int) {
        self.openBySeverity = openBySeverity
        self.new = new
        self.last24Hours = last24Hours
    }

    public var open: Int { openBySeverity.values.reduce(0, +) }
}
