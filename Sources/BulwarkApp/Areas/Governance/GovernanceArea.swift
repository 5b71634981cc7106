// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Storage
import Web

/// Access governance of the organisation's systems: identity sources and their imports, accounts linked to the
/// people inventory, and the risky access found in them.
public struct GovernanceArea: AreaModule {
    public let service: GovernanceService
    public let web: [any WebArea]

    init(foundation: FoundationArea) {
        service = GovernanceService(
            store: SQLGovernanceStore(database: foundation.database),
            directory: InventoryGovernanceDirectory(inventory: foundation.inventory, clock: foundation.clock), audit: foundation.audit,
            clock: foundation.clock)
        let clock = foundation.clock
        web = [GovernanceWeb(governance: service, now: { clock.now() })]
    }

    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoGovernance.load(into: service, now: demo.now)
    }
}
