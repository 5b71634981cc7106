// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One package as stored for an asset, with the inventory source it came from.
public struct StoredPackage: Sendable, Codable, Equatable {
    public var assetID: String
    public var source: String
    public var package: InventoryPackage
    public var importedAt: Date
    public init(assetID: String, source: String, package: InventoryPackage, importedAt: Date) {
        self.assetID = assetID
        self.source = source
        self.package = package
        self.importedAt = importedAt
    }
}

/// What one inventory import changed, kept per asset.
public struct InventoryChange: Sendable, Codable, Equatable {
    public var id: String
    public var assetID: String
    public var source: String
    public var format: InventoryFormat
    public var importedAt: Date
    public var importedBy: String
    public var packages: Int
    public var added: [String]
    public var removed: [String]
    /// `name old → new`.
    public var changed: [String]
    public var newFindings: Int
    public var fixedFindings: Int
    public var reopenedFindings: Int
    public var skipped: [AdvisoryBatch.Rejection]
}

/// A VEX statement kept so that it applies to findings found later too.
public struct VEXStatement: Sendable, Codable, Equatable {
    public var id: String
    /// The vulnerability as the document names it (CVE, GHSA, OSV id).
    public var vulnerability: String
    /// The product as a purl; a purl without a version covers every version.
    public var product: String
    /// `not_affected`, `affected`, `fixed` or `under_investigation`.
    public var status: String
    public var justification: String
    public var source: String
    public var createdBy: String
    public var createdAt: Date
}

/// Where findings, inventories and VEX statements live.
public protocol FindingStore: Sendable {
    func packages(assetID: String) async throws -> [StoredPackage]
    /// Replaces one source's packages of an asset and records the change, in one transaction.
    func replacePackages(assetID: String, source: String, packages: [InventoryPackage], change: InventoryChange) async throws
    /// Inserts or replaces an inventory change (by id), e.g. with the findings counts its rescan produced.
    func saveInventoryChange(_ change: InventoryChange) async throws
    func inventoryChanges(assetID: String, limit: Int) async throws -> [InventoryChange]
    func assetIDsWithPackages() async throws -> [String]
    /// The ecosystems of every stored package, each once (`Debian:12`, `PyPI`, …).
    func packageEcosystems() async throws -> [String]
    func findings(assetID: String) async throws -> [Finding]
    func finding(id: String) async throws -> Finding?
    /// Inserts or replaces findings (by id), in one transaction.
    func saveFindings(_ findings: [Finding]) async throws
    func listFindings(_ query: FindingQuery, now: Date, page: PageRequest) async throws -> Page<Finding>
    /// The findings of a query folded into groups, the riskiest group (by its worst finding) first.
    func groupFindings(_ query: FindingQuery, by grouping: FindingGrouping, now: Date, page: PageRequest) async throws -> Page<FindingGroup>
    func findingCounts(now: Date) async throws -> FindingCounts
    func saveVEX(_ statements: [VEXStatement]) async throws
    func vexStatements() async throws -> [VEXStatement]
}
