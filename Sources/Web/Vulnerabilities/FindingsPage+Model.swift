// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Inventory
import Vulnerabilities

/// The findings list, riskiest first: what the page shows, loaded from the service for one principal and query.
struct FindingsPage: Sendable {
    var findings: [Finding]
    /// The findings folded into groups, when the page is grouped (`group=vulnerability|package`).
    var groups: [FindingGroup]?
    var grouping: FindingGrouping?
    /// The assets of the shown findings, by id (for their criticality, exposure and owner).
    var assets: [String: Asset] = [:]
    var next: String?
    var counts: FindingCounts
    var link: PageLink
    var canWrite: Bool
    var canAccept: Bool
    var csrf: String
    var now: Date

    static func load(
        _ vulnerabilities: VulnerabilityService, inventory: InventoryService, query: FindingQuery, grouping: FindingGrouping? = nil,
        page: PageRequest, link: PageLink, principal: Principal, csrf: String, now: Date
    ) async throws -> FindingsPage {
        var result = FindingsPage(
            findings: [], next: nil, counts: try await vulnerabilities.counts(), link: link,
            canWrite: principal.can(.vulnerabilitiesWrite), canAccept: principal.can(.vulnerabilitiesAccept), csrf: csrf, now: now)
        if let grouping {
            let found = try await vulnerabilities.groups(query, by: grouping, page: page)
            result.groups = found.items
            result.grouping = grouping
            result.next = found.next
            return result
        }
        let found = try await vulnerabilities.list(query, page: page)
        for id in Set(found.items.map(\.assetID)) { result.assets[id] = try await inventory.findAsset(id: id) }
        result.findings = found.items
        result.next = found.next
        return result
    }

    /// The findings of one group: the page's filters with the group's own, ungrouped.
    func findingsLink(_ group: FindingGroup) -> String {
        var next = link.without(["cursor", "group", "vulnerability", "source_package"])
        switch grouping {
        case .vulnerability: next = next.with("vulnerability", group.key)
        case .package:
            next = next.with("source_package", group.key)
            if let ecosystem = group.ecosystem { next = next.with("ecosystem", ecosystem) }
        case nil: break
        }
        return next.href
    }

    /// "12 open findings (2 critical, 5 high)": the open ones by severity, most severe first.
    var openSummary: String {
        Severity.allCases.reversed().compactMap { severity in counts.openBySeverity[severity].map { "\($0) \(severity.rawValue)" } }
            .joined(separator: ", ")
    }

    /// The share of recent fixes made within their SLA, as a sentence; empty when nothing was fixed lately.
    var slaSentence: String {
        counts.slaCompliance.map { " SLA met by \(Int(($0 * 100).rounded()))% of the findings fixed in the last 90 days." } ?? ""
    }

    /// The export address with the page's filters (not its cursor or size).
    func export(_ format: String) -> String {
        PageLink(path: "/api/v1/findings/export", parameters: link.without(["cursor", "limit"]).parameters).with("format", format).href
    }
}
