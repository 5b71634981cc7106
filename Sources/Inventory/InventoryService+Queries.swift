// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Reading the inventory: the service is the only door to the asset and person stores.
extension InventoryService {
    public func findAsset(id: String) async throws -> Asset? { try await assets.get(id: id) }
    /// The asset with this exact name, or nil.
    public func findAsset(name: String) async throws -> Asset? { try await assets.get(name: name) }
    public func listAssets(_ query: AssetQuery, page: PageRequest) async throws -> Page<Asset> { try await assets.list(query, page: page) }
    public func assetCount() async throws -> Int { try await assets.count() }
    public func assetCountByCriticality() async throws -> [Criticality: Int] { try await assets.countByCriticality() }

    public func findPerson(id: String) async throws -> Person? { try await people.get(id: id) }
    /// The person with this e-mail address (any case), or nil.
    public func findPerson(email: String) async throws -> Person? { try await people.get(email: email) }
    public func listPeople(_ query: PersonQuery, page: PageRequest) async throws -> Page<Person> { try await people.list(query, page: page) }
    public func personCount() async throws -> Int { try await people.count() }
}
