// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Inventory

/// The assets findings are on, as vulnerability management reads them: through the inventory's service (its owner),
/// never its tables.
public protocol FindingAssets: Sendable {
    /// The asset, or nil when there is none with this id.
    func findAsset(id: String) async throws -> Asset?
    /// The assets that match (for findings filtered by what their asset is), at most 10,000.
    func assets(matching query: AssetQuery) async throws -> [Asset]
}

extension InventoryService: FindingAssets {
    public func assets(matching query: AssetQuery) async throws -> [Asset] {
        var found: [Asset] = []
        var cursor: String?
        repeat {
            let page = try await listAssets(query, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            found += page.items
            cursor = page.next
        } while cursor != nil && found.count < 10_000
        return found
    }
}

/// What a finding's asset is, to filter findings by: how critical, where, exposed to the internet, whose.
public struct FindingAssetFilter: Sendable, Equatable {
    public var criticality: Criticality?
    public var environment: String?
    public var internetFacing: Bool?
    public var owner: String?

    public init(criticality: Criticality? = nil, environment: String? = nil, internetFacing: Bool? = nil, owner: String? = nil) {
        self.criticality = criticality
        self.environment = environment
        self.internetFacing = internetFacing
        self.owner = owner
    }

    public var isEmpty: Bool { criticality == nil && environment == nil && internetFacing == nil && owner == nil }
}
