// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import SQLKit

/// Applies pending migrations at start, each in its own transaction, recording them in `schema_migrations`.
struct Migrator {
    let database: Database
    let logger: Logger

    func migrate() async throws {
        let known = Migration.all.last?.version ?? 0
        let dialect = database.dialect
        try await database.transaction { db in
            // Several nodes may start at once: they queue on this lock (held to the end of each transaction),
            // so that neither the table nor a migration is created twice.
            if dialect == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7411000001)").run() }
            try await db.create(table: "schema_migrations").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
        }
        for migration in Migration.all {
            let applied: Bool = try await database.transaction { db in
                if dialect == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7411000001)").run() }
                let done =
                    try await db.select().column("version").from("schema_migrations")
                    .where("version", .equal, migration.version).first() != nil
                if done { return false }
                do {
                    try await migration.apply(db, dialect)
                } catch {
                    throw StorageError.migrationFailed(version: migration.version, name: migration.name, reason: "\(error)")
                }
                try await db.insert(into: "schema_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Int(Date().timeIntervalSince1970 * 1000)))
                    .run()
                return true
            }
            if applied { logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"]) }
        }
        let newest = try await database.read { db in
            let row = try await db.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "v")
                .from("schema_migrations").first()
            return try row?.decode(column: "v", as: Int?.self) ?? 0
        }
        if newest > known { throw StorageError.schemaTooNew(found: newest, known: known) }
    }
}
