// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import SQLKit

/// Browser sessions in the `sessions` table, keyed by the SHA-256 of the cookie secret.
public struct SQLSessionStore: SessionStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ session: Session) async throws {
        try await database.transaction { db in
            try await db.insert(into: "sessions")
                .columns("id", "user_id", "csrf_token", "stage", "created_at", "last_seen_at", "source", "user_agent")
                .values(
                    SQLBind(session.id), SQLBind(session.userID), SQLBind(session.csrfToken), SQLBind(session.stage.rawValue),
                    SQLBind(SQLValues.millis(session.createdAt)), SQLBind(SQLValues.millis(session.lastSeenAt)),
                    SQLBind(session.source), SQLBind(session.userAgent)
                )
                .run()
        }
    }

    public func get(id: String) async throws -> Session? {
        try await database.read { db in
            try await db.select().column("*").from("sessions").where("id", .equal, id).first().map(Self.decode)
        }
    }

    public func list(userID: String) async throws -> [Session] {
        try await database.read { db in
            try await db.select().column("*").from("sessions").where("user_id", .equal, userID)
                .orderBy("last_seen_at", .descending).limit(200).all().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> Session {
        var session = Session(
            id: try row.decode(column: "id", as: String.self),
            userID: try row.decode(column: "user_id", as: String.self),
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            stage: Session.Stage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .mfaPending,
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            source: try row.decode(column: "source", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self))
        session.lastSeenAt = SQLValues.date(try row.decode(column: "last_seen_at", as: Int.self))
        return session
    }

    public func update(_ session: Session) async throws {
        try await database.transaction { db in
            try await db.update("sessions")
                .set("stage", to: session.stage.rawValue)
                .set("last_seen_at", to: SQLValues.millis(session.lastSeenAt))
                .where("id", .equal, session.id).run()
        }
    }

    public func delete(id: String) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sessions").where("id", .equal, id).run()
        }
    }

    public func deleteAll(userID: String, except: String?) async throws -> Int {
        try await database.transaction { db in
            var select = db.select().column("id").from("sessions").where("user_id", .equal, userID)
            if let except { select = select.where("id", .notEqual, except) }
            let count = try await select.all().count
            var delete = db.delete(from: "sessions").where("user_id", .equal, userID)
            if let except { delete = delete.where("id", .notEqual, except) }
            try await delete.run()
            return count
        }
    }

    public func deleteExpired(createdBefore: Date, idleBefore: Date) async throws -> Int {
        try await database.transaction { db in
            let stale = try await db.select().column("id").from("sessions")
                .where("created_at", .lessThan, SQLValues.millis(createdBefore))
                .orWhere("last_seen_at", .lessThan, SQLValues.millis(idleBefore)).all().count
            try await db.delete(from: "sessions")
                .where("created_at", .lessThan, SQLValues.millis(createdBefore))
                .orWhere("last_seen_at", .lessThan, SQLValues.millis(idleBefore)).run()
            return stale
        }
    }
}
