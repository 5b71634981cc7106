// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Monitoring
import SQLKit

public struct SQLSavedSearchStore: SavedSearchStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func searches(visibleTo owner: String) async throws -> [SavedSearch] {
        try await database.read { db in
            try await db.select().column("*").from("saved_searches")
                .where { $0.where("owner", .equal, owner).orWhere("shared", .equal, 1) }
                .orderBy("name").limit(500).all().map(Self.decode)
        }
    }

    public func search(id: String) async throws -> SavedSearch? {
        try await database.read { db in try await db.select().column("*").from("saved_searches").where("id", .equal, id).first().map(Self.decode) }
    }

    public func save(_ search: SavedSearch) async throws {
        try await database.transaction { db in
            try await db.insert(into: "saved_searches").columns("id", "owner", "name", "query", "range_key", "shared", "created_at")
                .values(
                    SQLBind(search.id), SQLBind(search.owner), SQLBind(search.name), SQLBind(search.query), SQLBind(search.range),
                    SQLBind(search.shared ? 1 : 0), SQLBind(SQLValues.millis(search.createdAt))
                )
                .onConflict(with: ["id"]) {
                    $0.set(excludedValueOf: "name").set(excludedValueOf: "query").set(excludedValueOf: "range_key").set(excludedValueOf: "shared")
                }
                .run()
        }
    }

    public func delete(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("saved_searches").where("id", .equal, id).first() != nil
            if found { try await db.delete(from: "saved_searches").where("id", .equal, id).run() }
            return found
        }
    }

    static func decode(_ row: any SQLRow) throws -> SavedSearch {
        SavedSearch(
            id: try row.decode(column: "id", as: String.self), owner: try row.decode(column: "owner", as: String.self),
            name: try row.decode(column: "name", as: String.self), query: try row.decode(column: "query", as: String.self),
            range: try row.decode(column: "range_key", as: String.self), shared: try row.decode(column: "shared", as: Int.self) != 0,
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)))
    }
}
