// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Patching
import Vulnerabilities
import Web

/// Patch management: remediation plans from the open findings (jobs, approvals and verification to come).
public struct PatchingArea: AreaModule {
    public let service: PatchingService

    init(foundation: FoundationArea, vulnerabilities: VulnerabilitiesArea) {
        service = PatchingService(source: FindingsRemediationSource(vulnerabilities: vulnerabilities.service))
        web = [PatchingWeb(patching: service)]
    }

    public let web: [any WebArea]
}

/// Patching's reading of vulnerability management: open findings grouped by installed package, and the index.
struct FindingsRemediationSource: RemediationSource {
    let vulnerabilities: VulnerabilityService

    func packagesWithFindings(assetID: String?) async throws -> [PackageFindings] {
        var findings: [Finding] = []
        var cursor: String?
        repeat {
            let page = try await vulnerabilities.list(
                FindingQuery(assetID: assetID), page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            findings += page.items
            cursor = page.next
        } while cursor != nil && findings.count < 100_000
        let grouped = Dictionary(grouping: findings) { [$0.assetID, $0.ecosystem, $0.package, $0.version].joined(separator: "\u{1F}") }
        return grouped.values.compactMap { items in
            guard let first = items.first else { return nil }
            return PackageFindings(
                assetID: first.assetID, assetName: first.assetName, ecosystem: first.ecosystem, package: first.package,
                advisoryName: first.sourcePackage, version: first.version,
                findings: items.map {
                    PlanFinding(
                        id: $0.id, vulnerability: $0.vulnerabilityID, aliases: $0.aliases, severity: $0.severity, risk: $0.risk,
                        fixedVersions: $0.fixedVersions)
                })
        }
    }

    func advisories() async throws -> any AdvisoryOracle { IndexAdvisoryOracle(index: try await vulnerabilities.index()) }
}
