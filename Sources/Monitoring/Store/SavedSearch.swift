// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// An event search kept by name: its query and time range, its owner's own or shared with everyone who searches.
public struct SavedSearch: Sendable, Codable, Hashable {
    public var id: String
    public var owner: String
    public var name: String
    public var query: String
    /// The page's range: `15m`, `1h`, `24h`, `7d`, `30d` or `all`.
    public var range: String
    public var shared: Bool
    public var createdAt: Date

    public init(id: String = Identifier.make(), owner: String, name: String, query: String, range: String, shared: Bool, createdAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.query = query
        self.range = range
        self.shared = shared
        self.createdAt = createdAt
    }

    public static let ranges = ["15m", "1h", "24h", "7d", "30d", "all"]
}

/// Where saved searches are kept.
public protocol SavedSearchStore: Sendable {
    /// The owner's searches and every shared one, by name.
    func searches(visibleTo owner: String) async throws -> [SavedSearch]
    func search(id: String) async throws -> SavedSearch?
    func save(_ search: SavedSearch) async throws
    func delete(id: String) async throws -> Bool
}
