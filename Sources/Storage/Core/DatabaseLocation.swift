// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where the data lives: an SQLite file (the default, embedded) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads `--database`: `postgres://…` / `postgresql://…`, `sqlite:PATH` / `sqlite://PATH`, or a plain file path.
    /// nil (no flag) means `bulwark.sqlite` in the data directory.
    public static func parse(_ text: String?, dataDirectory: String) throws -> DatabaseLocation {
        guard let text, !text.isEmpty else {
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("bulwark.sqlite"))
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(url: text.replacingOccurrences(of: "postgresql://", with: "postgres://"))
        }
        for prefix in ["sqlite://", "sqlite:"] where text.hasPrefix(prefix) {
            let path = String(text.dropFirst(prefix.count))
            guard !path.isEmpty else { throw StorageError.badLocation("'\(text)' names no file") }
            return .sqlite(path: path)
        }
        if text.contains("://") { throw StorageError.badLocation("'\(text)': use a file path, sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB") }
        return .sqlite(path: text)
    }

    /// The location without its password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "postgres://…" }
            if parts.password != nil { parts.password = "****" }
            return parts.string ?? "postgres://…"
        }
    }
}

/// Errors of the storage layer itself (store-level conditions are `CoreError`).
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case badLocation(String)
    case migrationFailed(version: Int, name: String, reason: String)
    /// The database was written by a newer Bulwark.
    case schemaTooNew(found: Int, known: Int)
    /// Something this database cannot do, said for a person.
    case unsupported(String)

    public var description: String {
        switch self {
        case .badLocation(let message): return "database location: \(message)"
        case .migrationFailed(let version, let name, let reason): return "migration \(version) (\(name)) failed: \(reason)"
        case .schemaTooNew(let found, let known):
            return "the database has schema version \(found), newer than this Bulwark knows (\(known)); upgrade Bulwark"
        case .unsupported(let message): return message
        }
    }
}
