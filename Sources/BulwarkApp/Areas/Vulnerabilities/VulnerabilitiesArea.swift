// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Foundation
import Storage
import Vulnerabilities
import Web

/// Vulnerability management: advisories (OSV, KEV, EPSS), inventories and SBOMs per asset, findings with their
/// risk and SLA.
public struct VulnerabilitiesArea: AreaModule {
    /// Days to remediate by severity (`bulwark serve --help`, "Vulnerabilities").
    public struct Settings: Sendable {
        public var sla: SLAPolicy = .standard
        public init() {}
    }

    public let settings: Settings
    public let service: VulnerabilityService
    /// The advisory tables (OSV, KEV, EPSS), for `vuln db import`.
    public let advisories: any AdvisoryStore
    /// The assets findings are on.
    let inventory: InventoryService
    /// The findings table, for the demo's history (findings first seen weeks ago).
    let findings: any FindingStore

    init(_ settings: Settings, foundation: FoundationArea) {
        self.settings = settings
        inventory = foundation.inventory
        advisories = SQLAdvisoryStore(database: foundation.database)
        findings = SQLFindingStore(database: foundation.database)
        service = VulnerabilityService(
            advisories: advisories, store: findings,
            assets: foundation.inventory, audit: foundation.audit, clock: foundation.clock, sla: settings.sla)
        web = [VulnerabilitiesWeb(vulnerabilities: service, inventory: foundation.inventory, clock: foundation.clock)]
    }

    public let web: [any WebArea]

    /// Advisories, inventories of the demo's assets and findings weeks old, some triaged.
    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoVulnerabilities.load(into: service, findings: findings, inventory: inventory, now: demo.now)
    }
}
