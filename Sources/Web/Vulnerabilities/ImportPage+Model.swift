// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Vulnerabilities

/// The three import forms: an asset's inventory, advisories (OSV, KEV, EPSS), VEX.
struct ImportPage: Sendable {
    var assets: [Asset]
    /// The asset chosen beforehand (from an asset's page).
    var selectedAssetID: String
    var csrf: String

    static func load(_ inventory: InventoryService, selectedAssetID: String, csrf: String) async throws -> ImportPage {
        let assets = try await inventory.listAssets(AssetQuery(), page: PageRequest(limit: PageRequest.maximumLimit)).items
        return ImportPage(assets: assets, selectedAssetID: selectedAssetID, csrf: csrf)
    }
}
