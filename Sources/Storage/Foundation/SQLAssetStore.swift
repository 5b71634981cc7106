// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import SQLKit

/// Assets in the `assets` table; list columns are JSON text.
public struct SQLAssetStore: AssetStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ asset: Asset) async throws {
        do {
            try await database.transaction { db in try await Self.insert(asset, db) }
        } catch  where error.isUniqueViolation {
            throw CoreError.conflict("an asset named '\(asset.name)' exists")
        }
    }

    public func get(id: String) async throws -> Asset? {
        try await database.read { db in try await db.select().column("*").from("assets").where("id", .equal, id).first().map(Self.decode) }
    }

    public func get(name: String) async throws -> Asset? {
        try await database.read { db in try await db.select().column("*").from("assets").where("name", .equal, name).first().map(Self.decode) }
    }

    public func update(_ asset: Asset) async throws {
        let found: Bool
        do {
            found = try await database.transaction { db in try await Self.update(asset, db) }
        } catch  where error.isUniqueViolation {
            throw CoreError.conflict("an asset named '\(asset.name)' exists")
        }
        if !found { throw CoreError.notFound(kind: "asset", id: asset.id) }
    }

    public func delete(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("assets").where("id", .equal, id).first() != nil
            try await db.delete(from: "assets").where("id", .equal, id).run()
            return found
        }
    }

    public func list(_ query: AssetQuery, page: PageRequest) async throws -> Page<Asset> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().column("*").from("assets")
            if let text = query.text, !text.isEmpty { select = select.where(SQLValues.containsAny(["name", "hostnames", "ips", "owner"], text)) }
            if let criticality = query.criticality { select = select.where("criticality", .equal, criticality.rawValue) }
            if let environment = query.environment { select = select.where("environment", .equal, environment) }
            if let owner = query.owner { select = select.where("owner", .equal, owner) }
            if let tag = query.tag { select = select.where(SQLValues.containsAny(["tags"], "\"\(tag)\"")) }
            return try await Cursor.after(select, column: "name", cursor: cursor)
                .orderBy("name").orderBy("id").limit(page.limit + 1).all().map(Self.decode)
        }
        return Cursor.page(rows, limit: page.limit, key: \.name, id: \.id)
    }

    public func upsertAll(_ assets: [Asset]) async throws -> (created: Int, updated: Int) {
        try await database.transaction { db in
            var created = 0, updated = 0
            for var asset in assets {
                if let existing = try await db.select().column("*").from("assets").where("name", .equal, asset.name).first().map(Self.decode) {
                    asset.id = existing.id
                    asset.createdAt = existing.createdAt
                    _ = try await Self.update(asset, db)
                    updated += 1
                } else {
                    try await Self.insert(asset, db)
                    created += 1
                }
            }
            return (created, updated)
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("assets").first()!.decode(
                column: "n", as: Int.self)
        }
    }

    public func countByCriticality() async throws -> [Criticality: Int] {
        try await database.read { db in
            let rows = try await db.select().column("criticality").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("assets").groupBy("criticality").all()
            var counts: [Criticality: Int] = [:]
            for row in rows {
                if let level = Criticality(rawValue: try row.decode(column: "criticality", as: String.self)) {
                    counts[level] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    static func insert(_ asset: Asset, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "assets")
            .columns("id", "name", "hostnames", "ips", "owner", "criticality", "environment", "internet_facing", "tags", "created_at", "updated_at")
            .values(
                SQLBind(asset.id), SQLBind(asset.name), SQLBind(SQLValues.json(asset.hostnames)), SQLBind(SQLValues.json(asset.ips)),
                SQLBind(asset.owner), SQLBind(asset.criticality.rawValue), SQLBind(asset.environment),
                SQLBind(asset.internetFacing ? 1 : 0), SQLBind(SQLValues.json(asset.tags)),
                SQLBind(SQLValues.millis(asset.createdAt)), SQLBind(SQLValues.millis(asset.updatedAt))
            )
            .run()
    }

    static func update(_ asset: Asset, _ db: any SQLDatabase) async throws -> Bool {
        guard try await db.select().column("id").from("assets").where("id", .equal, asset.id).first() != nil else { return false }
        try await db.update("assets")
            .set("name", to: asset.name).set("hostnames", to: SQLValues.json(asset.hostnames)).set("ips", to: SQLValues.json(asset.ips))
            .set("owner", to: asset.owner).set("criticality", to: asset.criticality.rawValue).set("environment", to: asset.environment)
            .set("internet_facing", to: asset.internetFacing ? 1 : 0).set("tags", to: SQLValues.json(asset.tags))
            .set("updated_at", to: SQLValues.millis(asset.updatedAt))
            .where("id", .equal, asset.id).run()
        return true
    }

    static func decode(_ row: any SQLRow) throws -> Asset {
        Asset(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            hostnames: SQLValues.list(try row.decode(column: "hostnames", as: String.self)),
            ips: SQLValues.list(try row.decode(column: "ips", as: String.self)),
            owner: try row.decode(column: "owner", as: String.self),
            criticality: Criticality(rawValue: try row.decode(column: "criticality", as: String.self)) ?? .medium,
            environment: try row.decode(column: "environment", as: String.self),
            internetFacing: try row.decode(column: "internet_facing", as: Int.self) != 0,
            tags: SQLValues.list(try row.decode(column: "tags", as: String.self)),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: SQLValues.date(try row.decode(column: "updated_at", as: Int.self)))
    }
}
