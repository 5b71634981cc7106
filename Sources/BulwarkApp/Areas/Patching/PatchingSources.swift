// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Patching
import Vulnerabilities

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
                        fixedVersions: $0.fixedVersions, kev: $0.kev)
                })
        }
    }

    func advisories() async throws -> any AdvisoryOracle { IndexAdvisoryOracle(index: try await vulnerabilities.index()) }

    func findingHistory(openOnly: Bool) async throws -> [FindingHistory] {
        var history: [FindingHistory] = []
        var cursor: String?
        let query = openOnly ? FindingQuery() : FindingQuery(states: [])
        repeat {
            let page = try await vulnerabilities.list(query, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            history += page.items.map { finding in
                FindingHistory(
                    id: finding.id, assetID: finding.assetID, severity: finding.severity, kev: finding.kev, risk: finding.risk,
                    hasFix: !finding.fixedVersions.isEmpty, firstSeen: finding.firstSeen, dueAt: finding.dueAt,
                    fixedAt: finding.state == .fixed ? finding.fixedAt : nil,
                    closedAt: finding.state.isActive ? nil : finding.fixedAt ?? finding.stateChangedAt ?? finding.updatedAt)
            }
            cursor = page.next
        } while cursor != nil && history.count < 500_000
        return history
    }
}

/// Patching's view of the asset inventory.
struct InventoryPatchAssets: PatchAssets {
    let inventory: InventoryService

    static func patchAsset(_ asset: Asset) -> PatchAsset {
        PatchAsset(id: asset.id, name: asset.name, host: asset.hostnames.first ?? asset.name, tags: asset.tags)
    }

    func asset(id: String) async throws -> PatchAsset? { try await inventory.findAsset(id: id).map(Self.patchAsset) }

    func assets(tag: String?, owner: String?, environment: String?) async throws -> [PatchAsset] {
        var found: [PatchAsset] = []
        var cursor: String?
        repeat {
            let page = try await inventory.listAssets(
                AssetQuery(environment: environment, tag: tag, owner: owner), page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            found += page.items.map(Self.patchAsset)
            cursor = page.next
        } while cursor != nil && found.count < 10_000
        return found
    }
}

/// Verification's reading of vulnerability management: the stored packages and inventory imports of an asset, and
/// which inventory import fixed a finding.
struct FindingsVerificationSource: PatchVerificationSource {
    let vulnerabilities: VulnerabilityService

    func latestInventory(assetID: String, packages: [(ecosystem: String, package: String)]) async throws -> InventorySnapshot? {
        let (stored, changes) = try await vulnerabilities.inventory(assetID: assetID)
        guard let latest = changes.max(by: { $0.importedAt < $1.importedAt }) else { return nil }
        func key(_ ecosystem: String, _ name: String) -> String {
            "\(Ecosystem.base(ecosystem))|\(Ecosystem.normalizedName(name, ecosystem: ecosystem))"
        }
        let installed = Dictionary(stored.map { (key($0.package.ecosystem, $0.package.name), $0.package.version) }, uniquingKeysWith: { a, _ in a })
        return InventorySnapshot(id: latest.id, importedAt: latest.importedAt, installed: packages.map { installed[key($0.ecosystem, $0.package)] })
    }

    func fixedFindings(ids: [String]) async throws -> [String: String?] {
        var fixed: [String: String?] = [:]
        for id in Set(ids) {
            guard let finding = try? await vulnerabilities.finding(id: id), finding.state == .fixed else { continue }
            fixed[id] = .some(finding.fixedByInventory)
        }
        return fixed
    }
}
