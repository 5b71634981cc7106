// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Inventory

/// Governance's view of the people inventory and the assets.
struct InventoryGovernanceDirectory: GovernanceDirectory {
    let inventory: InventoryService
    let clock: any WallClock

    func people() async throws -> [GovernancePerson] {
        var found: [GovernancePerson] = []
        var cursor: String?
        let today = Timestamp.day(clock.now())
        repeat {
            let page = try await inventory.listPeople(PersonQuery(), page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            found += page.items.map { Self.person($0, today: today) }
            cursor = page.next
        } while cursor != nil
        return found
    }

    func person(email: String) async throws -> GovernancePerson? {
        try await inventory.findPerson(email: email).map { Self.person($0, today: Timestamp.day(clock.now())) }
    }

    /// A person has left when terminated or once the end date has passed; they left on the end date, else when the
    /// record was last changed (the termination).
    static func person(_ person: Person, today: String) -> GovernancePerson {
        let ended = !person.endDate.isEmpty && person.endDate < today
        let active = person.employmentStatus != .terminated && !ended
        let leftAt = active ? nil : Timestamp.parse(person.endDate + "T00:00:00Z") ?? person.updatedAt
        return GovernancePerson(
            id: person.id, name: person.name, email: person.email, employeeID: person.employeeID, department: person.department, active: active,
            leftAt: leftAt, manager: person.manager)
    }

    func criticality(assetID: String) async throws -> SystemCriticality? {
        guard let asset = try await inventory.findAsset(id: assetID) else { return nil }
        return SystemCriticality(rawValue: asset.criticality.rawValue)
    }

    func hostnames(assetID: String) async throws -> [String] {
        guard let asset = try await inventory.findAsset(id: assetID) else { return [] }
        return [asset.name] + asset.hostnames
    }
}
