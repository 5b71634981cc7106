// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import SQLKit
import Storage

/// The databases the store contract runs against: a fresh SQLite file always; a fresh PostgreSQL database
/// when BULWARK_TEST_POSTGRES_URL names a server whose role may create databases (CI starts one).
public enum TestDatabases {
    public static let postgresURL = ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    public static let kinds: [Database.Dialect] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// Opens a new, empty, migrated database of `kind`, runs `body`, then removes it.
    public static func with<T>(_ kind: Database.Dialect, _ body: (Database) async throws -> T) async throws -> T {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-store-\(UUID().uuidString)").path
            let database = try await Database.open(.sqlite(path: directory + "/bulwark.sqlite"), logger: logger)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            do {
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        case .postgres:
            let base = postgresURL!
            let name = "bulwark_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try await Database.open(.postgres(url: base), migrate: false, logger: logger)
            try await admin.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var parts = URLComponents(string: base)!
            parts.path = "/" + name
            let database = try await Database.open(.postgres(url: parts.string!), logger: logger)
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(database)) } catch { outcome = .failure(error) }
            await database.close()
            try? await admin.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run() }
            await admin.close()
            return try outcome.get()
        }
    }
}
