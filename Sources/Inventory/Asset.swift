// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A machine, service or application the organisation runs; events, findings and patches point at it.
public struct Asset: Sendable, Equatable, Codable {
    public var id: String
    /// Unique, human-chosen name, e.g. `web-prod-01`.
    public var name: String
    public var hostnames: [String]
    public var ips: [String]
    /// Who answers for it: a person's email or a team name.
    public var owner: String
    public var criticality: Criticality
    /// e.g. `production`, `staging`, `development`.
    public var environment: String
    public var internetFacing: Bool
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = Identifier.make(), name: String, hostnames: [String] = [], ips: [String] = [],
        owner: String = "", criticality: Criticality = .medium, environment: String = "production",
        internetFacing: Bool = false, tags: [String] = [], createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.hostnames = hostnames
        self.ips = ips
        self.owner = owner
        self.criticality = criticality
        self.environment = environment
        self.internetFacing = internetFacing
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// Filters for listing assets.
public struct AssetQuery: Sendable, Equatable {
    /// Substring of the name, a hostname or an IP.
    public var text: String?
    public var criticality: Criticality?
    public var environment: String?
    public var tag: String?
    /// Exact owner (a person's email or a team).
    public var owner: String?

    public init(text: String? = nil, criticality: Criticality? = nil, environment: String? = nil, tag: String? = nil, owner: String? = nil) {
        self.text = text
        self.criticality = criticality
        self.environment = environment
        self.tag = tag
        self.owner = owner
    }
}

/// Where assets live. Names are unique.
public protocol AssetStore: Sendable {
    /// Inserts a new asset; `CoreError.conflict` if the name is taken.
    func create(_ asset: Asset) async throws
    func get(id: String) async throws -> Asset?
    func get(name: String) async throws -> Asset?
    /// Replaces a stored asset; `CoreError.notFound` if it is gone, `.conflict` if the new name is taken.
    func update(_ asset: Asset) async throws
    /// Returns whether an asset was deleted.
    func delete(id: String) async throws -> Bool
    /// Assets ordered by name.
    func list(_ query: AssetQuery, page: PageRequest) async throws -> Page<Asset>
    /// Inserts or updates (by name) all the given assets in one transaction: all land or none.
    func upsertAll(_ assets: [Asset]) async throws -> (created: Int, updated: Int)
    func count() async throws -> Int
    /// Number of assets at each criticality (levels without assets are absent).
    func countByCriticality() async throws -> [Criticality: Int]
}
