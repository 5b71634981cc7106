// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Filters for the findings list (sorted by risk, highest first).
public struct FindingQuery: Sendable, Equatable {
    public var assetID: String?
    public var severities: [Severity] = []
    public var states: [FindingState] = []
    public var kev: Bool?
    public var overdue: Bool?
    public var ecosystem: String?
    public var vulnerabilityID: String?
    /// Only findings whose fix is this source package (or package, when it has no other source): a group of the
    /// "by source package" view.
    public var sourcePackage: String?
    /// Substring of the package, vulnerability id, aliases or asset name.
    public var text: String?
    /// Only findings on assets like these (resolved by the service into `assetIDs`).
    public var asset = FindingAssetFilter()
    /// Only findings on these assets; nil: any.
    public var assetIDs: [String]?

    /// By default the open work: open and in remediation (`states: []` means every state).
    public init(
        assetID: String? = nil, severities: [Severity] = [], states: [FindingState] = [.open, .inRemediation], kev: Bool? = nil, overdue: Bool? = nil,
        ecosystem: String? = nil, vulnerabilityID: String? = nil, sourcePackage: String? = nil, text: String? = nil
    ) {
        self.assetID = assetID
        self.severities = severities
        self.states = states
        self.kev = kev
        self.overdue = overdue
        self.ecosystem = ecosystem
        self.vulnerabilityID = vulnerabilityID
        self.sourcePackage = sourcePackage
        self.text = text
    }
}

/// Totals for the dashboard and the list's header.
public struct FindingCounts: Sendable, Equatable, Codable {
    public var openBySeverity: [Severity: Int] = [:]
    public var overdue = 0
    public var kev = 0
    public var fixedLast30Days = 0
    /// Of the findings closed as fixed in the last 90 days, the share fixed by their due date (nil if none).
    public var slaCompliance: Double?
    public init() {}
    public var open: Int { openBySeverity.values.reduce(0, +) }
}

/// How the findings list folds into groups: one row per vulnerability (every asset and package it is on) or one
/// row per source package in an ecosystem (openssh-server and openssh-client are one fix of openssh).
public enum FindingGrouping: String, Sendable, CaseIterable, Codable {
    case vulnerability
    case package
}

/// One group of findings and what it adds up to: how many, on how many assets, the worst of them and its clock.
public struct FindingGroup: Sendable, Equatable, Codable {
    /// The vulnerability id, or the source package.
    public var key: String
    /// The ecosystem of a package group; nil for a vulnerability group (one vulnerability can be in several).
    public var ecosystem: String?
    public var findings: Int
    public var assets: Int
    /// The distinct vulnerabilities (1 for a vulnerability group).
    public var vulnerabilities: Int
    /// The installed packages the group's findings are on, sorted.
    public var packages: [String]
    public var severity: Severity
    public var maximumRisk: Double
    /// The sum of the findings' risk: what fixing the group removes.
    public var totalRisk: Double
    public var kev: Int
    public var overdue: Int
    public var earliestDue: Date

    public init(
        key: String, ecosystem: String?, findings: Int, assets: Int, vulnerabilities: Int, packages: [String], severity: Severity,
        maximumRisk: Double, totalRisk: Double, kev: Int, overdue: Int, earliestDue: Date
    ) {
        self.key = key
        self.ecosystem = ecosystem
        self.findings = findings
        self.assets = assets
        self.vulnerabilities = vulnerabilities
        self.packages = packages
        self.severity = severity
        self.maximumRisk = maximumRisk
        self.totalRisk = totalRisk
        self.kev = kev
        self.overdue = overdue
        self.earliestDue = earliestDue
    }
}
