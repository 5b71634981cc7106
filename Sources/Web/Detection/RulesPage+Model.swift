// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Detection
import Foundation

/// The loaded rules with their state, filtered, and what could not be loaded.
struct RulesPage: Sendable {
    var rules: [RuleInfo]
    var counts: [RuleInfo.State: Int]
    var report: DetectionService.LoadReport?
    var rulePaths: [String]
    var link: PageLink
    var canWrite: Bool
    var csrf: String

    /// Rules listed on the page (SigmaHQ has thousands; filters narrow them).
    static let shown = 200
    /// Load errors listed on the page.
    static let errorsShown = 100

    static func load(_ detection: DetectionService, filter: DetectionService.RuleFilter, link: PageLink, principal: Principal, csrf: String) async
        -> RulesPage
    {
        RulesPage(
            rules: await detection.rules(filter), counts: await detection.counts(), report: await detection.report,
            rulePaths: detection.settings.rulePaths, link: link, canWrite: principal.can(.detectionWrite), csrf: csrf)
    }

    var summary: String {
        "\(counts[.running] ?? 0) running, \(counts[.disabled] ?? 0) disabled, \(counts[.unmapped] ?? 0) without a logsource mapping, \(counts[.rejected] ?? 0) rejected"
            + (report.map { "; loaded \(Layout.time($0.loadedAt)) from \($0.files) files in \(String(format: "%.1f", $0.seconds)) s" } ?? "")
    }
}

/// One rule: what it looks for, where it came from, and switching it on or off.
struct RulePage: Sendable {
    var info: RuleInfo
    var canWrite: Bool
    var csrf: String

    static func load(_ detection: DetectionService, id: String, principal: Principal, csrf: String) async throws -> RulePage {
        guard let info = await detection.rule(id: id) else { throw CoreError.notFound(kind: "rule", id: id) }
        return RulePage(info: info, canWrite: principal.can(.detectionWrite), csrf: csrf)
    }

    var path: String { DetectionPages.rulePath(info.rule.id) }
    var alertsLink: String { PageLink(path: "/alerts", parameters: [("rule_id", info.rule.id), ("status", "new,acknowledged,closed")]).href }
    var exclusionLink: String { PageLink(path: "/detection/exclusions", parameters: [("rule_id", info.rule.id)]).href }
}

/// The exclusions and the form to add one (filled with a rule from its page).
struct ExclusionsPage: Sendable {
    var exclusions: [StoredExclusion]
    var ruleID: String
    var canWrite: Bool
    var csrf: String

    static func load(_ detection: DetectionService, link: PageLink, principal: Principal, csrf: String) async throws -> ExclusionsPage {
        ExclusionsPage(
            exclusions: try await detection.exclusions(), ruleID: link.value("rule_id") ?? "", canWrite: principal.can(.detectionWrite), csrf: csrf)
    }
}

/// The threat-intelligence indicators, filtered and paged, with the forms to add and import them.
struct IntelPage: Sendable {
    var indicators: [Indicator]
    var next: String?
    var total: Int
    var link: PageLink
    var canWrite: Bool
    var csrf: String

    static func load(_ detection: DetectionService, kind: Indicator.Kind?, page: PageRequest, link: PageLink, principal: Principal, csrf: String)
        async throws -> IntelPage
    {
        let found = try await detection.listIndicators(kind: kind, text: link.value("q").nonEmpty, page: page)
        return IntelPage(
            indicators: found.items, next: found.next, total: try await detection.indicatorCount(), link: link,
            canWrite: principal.can(.detectionWrite), csrf: csrf)
    }
}
