// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Inventory
import Vulnerabilities

/// One asset as vulnerability management sees it: its findings in every state, its inventory imports, its packages.
struct AssetFindingsPage: Sendable {
    var asset: Asset
    var findings: [Finding]
    var packages: [StoredPackage]
    var changes: [InventoryChange]
    var canImport: Bool
    var now: Date

    /// Packages listed on the page (an image's full inventory can run to tens of thousands; the API has them all).
    static let packagesShown = 2000

    static func load(
        _ vulnerabilities: VulnerabilityService, inventory: InventoryService, assetID: String, principal: Principal, now: Date
    ) async throws -> AssetFindingsPage {
        guard let asset = try await inventory.findAsset(id: assetID) else { throw CoreError.notFound(kind: "asset", id: assetID) }
        let (packages, changes) = try await vulnerabilities.inventory(assetID: assetID)
        let findings = try await vulnerabilities.list(
            FindingQuery(assetID: assetID, states: FindingState.allCases), page: PageRequest(limit: PageRequest.maximumLimit))
        return AssetFindingsPage(
            asset: asset, findings: findings.items, packages: packages, changes: changes, canImport: principal.can(.vulnerabilitiesWrite), now: now)
    }

    var title: String { "\(asset.name): packages and findings" }
}
