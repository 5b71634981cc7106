// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SQLKit

extension Database {
    /// A consistent copy of the SQLite database while it is in use, at `path` (which must not exist): SQLite's
    /// `VACUUM INTO` copies the database as one read transaction sees it, so writers go on and the copy is compacted.
    public func backup(to path: String) async throws {
        guard dialect == .sqlite else {
            throw StorageError.unsupported("a PostgreSQL database is backed up with pg_dump (see `bulwark backup --help`)")
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw StorageError.unsupported("\(path) exists already") }
        try await read { db in try await db.raw("VACUUM INTO \(bind: path)").run() }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// SQLite's own check of the file: "ok", or the problems it found.
    public func integrityCheck() async throws -> [String] {
        guard dialect == .sqlite else { return ["ok"] }
        return try await read { db in
            try await db.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
        }
    }

    /// The newest schema version this Bulwark knows (its last migration).
    public static var knownSchemaVersion: Int { Migration.all.last?.version ?? 0 }

    /// The newest migration the database has.
    public func schemaVersion() async throws -> Int {
        try await read { db in
            let row = try await db.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "v").from("schema_migrations").first()
            return try row?.decode(column: "v", as: Int?.self) ?? 0
        }
    }
}
