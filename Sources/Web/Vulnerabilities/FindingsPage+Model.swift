import AccessControl
import BulwarkCore
import Foundation
import Inventory
import Vulnerabilities

/// The findings list, riskiest first: what the page shows, loaded from the service for one principal and query.
struct FindingsPage: Sendable {
    var findings: [Finding]
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
        _ vulnerabilities: VulnerabilityService, inventory: InventoryService, query: FindingQuery, page: PageRequest, link: PageLink,
        principal: Principal, csrf: String, now: Date
    ) async throws -> FindingsPage {
        let found = try await vulnerabilities.list(query, page: page)
        var assets: [String: Asset] = [:]
        for id in Set(found.items.map(\.assetID)) { assets[id] = try await inventory.findAsset(id: id) }
        return FindingsPage(
            findings: found.items, assets: assets, next: found.next, counts: try await vulnerabilities.counts(), link: link,
            canWrite: principal.can(.vulnerabilitiesWrite), canAccept: principal.can(.vulnerabilitiesAccept), csrf: csrf, now: now)
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
