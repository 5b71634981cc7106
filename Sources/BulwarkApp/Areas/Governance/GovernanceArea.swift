// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Logging
import Metrics
import ServiceLifecycle
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

    func services(_ context: ServiceContext) throws -> [any Service] {
        [BackgroundPass.governance(service, metrics: context.metrics, logger: context.logger)]
    }

    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoGovernance.load(into: service, now: demo.now)
    }
}

extension BackgroundPass {
    /// Every minute: closes the access reviews past their due date (the default outcome for what nobody decided, the
    /// next round of a recurring one), and publishes `bulwark_access_findings{type,state}` (every type and state, zero
    /// included, so that series do not vanish) and `bulwark_access_review_items_pending`.
    static func governance(_ governance: GovernanceService, metrics: any MetricsFactory, logger: Logger) -> BackgroundPass {
        BackgroundPass(name: "access reviews", interval: 60, logger: logger) {
            let closed = try await governance.closeDueReviews()
            try await publish(governance, metrics)
            return closed == 0 ? nil : ["closed_reviews": "\(closed)"]
        }
    }

    static func publish(_ governance: GovernanceService, _ metrics: any MetricsFactory) async throws {
        let counts = try await governance.findingCounts()
        for type in AccessFindingType.allCases {
            for state in AccessFindingState.allCases {
                Gauge(label: "bulwark_access_findings", dimensions: [("type", type.rawValue), ("state", state.rawValue)], factory: metrics)
                    .record(counts[type]?[state] ?? 0)
            }
        }
        let pending = try await governance.reviews().filter { $0.review.closedAt == nil }.reduce(0) { $0 + $1.progress.items - $1.progress.decided }
        Gauge(label: "bulwark_access_review_items_pending", factory: metrics).record(pending)
    }
}
