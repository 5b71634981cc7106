// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import SQLKit

/// API tokens in the `api_tokens` table; only the SHA-256 of each secret is stored.
public struct SQLTokenStore: TokenStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ token: APIToken) async throws {
        try await database.transaction { db in
            try await db.insert(into: "api_tokens").columns(Self.columns).values(Self.values(token)).run()
        }
    }

    public func get(id: String) async throws -> APIToken? {
        try await database.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("api_tokens").where("id", .equal, id).first().map(Self.decode)
        }
    }

    public func find(secretHash: String) async throws -> APIToken? {
        try await database.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("api_tokens")
                .where("secret_hash", .equal, secretHash).first().map(Self.decode)
        }
    }

    public func list(userID: String?) async throws -> [APIToken] {
        try await database.read { db in
            var query = db.select().columns(Self.columns.map { SQLColumn($0) }).from("api_tokens")
            if let userID { query = query.where("user_id", .equal, userID) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(1000).all().map(Self.decode)
        }
    }

    public func update(_ token: APIToken) async throws {
        try await database.transaction { db in
            try await db.update("api_tokens")
                .set("name", to: token.name)
                .set("scopes", to: SQLValues.json(token.scopes.map(\.rawValue)))
                .set("expires_at", to: SQLValues.millis(token.expiresAt))
                .set("revoked_at", to: SQLValues.millis(token.revokedAt))
                .set("last_used_at", to: SQLValues.millis(token.lastUsedAt))
                .where("id", .equal, token.id).run()
        }
    }

    static let columns = [
        "id", "user_id", "name", "prefix", "secret_hash", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at", "parent_id",
    ]

    static func values(_ token: APIToken) -> [any SQLExpression] {
        [
            SQLBind(token.id), SQLBind(token.userID), SQLBind(token.name), SQLBind(token.prefix), SQLBind(token.secretHash),
            SQLBind(SQLValues.json(token.scopes.map(\.rawValue))), SQLBind(SQLValues.millis(token.createdAt)),
            SQLBind(SQLValues.millis(token.expiresAt)), SQLBind(SQLValues.millis(token.revokedAt)), SQLBind(SQLValues.millis(token.lastUsedAt)),
            SQLBind(token.parentID),
        ]
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: String.self),
            userID: try row.decode(column: "user_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            secretHash: try row.decode(column: "secret_hash", as: String.self),
            scopes: SQLValues.list(try row.decode(column: "scopes", as: String.self)).compactMap(TokenScope.init(rawValue:)),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            expiresAt: SQLValues.date(try row.decode(column: "expires_at", as: Int?.self)),
            revokedAt: SQLValues.date(try row.decode(column: "revoked_at", as: Int?.self)),
            lastUsedAt: SQLValues.date(try row.decode(column: "last_used_at", as: Int?.self)),
            parentID: try row.decode(column: "parent_id", as: String?.self))
    }
}
