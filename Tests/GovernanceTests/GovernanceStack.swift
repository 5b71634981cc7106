// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Storage

/// Governance as the application assembles it, over one real database: its store, the people inventory it reads,
/// the audit log, a manual clock.
struct GovernanceStack: Sendable {
    var governance: GovernanceService
    var inventory: InventoryService
    var clock: ManualClock
    var database: Database
    var audit: any AuditLog

    /// Runs `body` once per test database (SQLite, and PostgreSQL when configured) with a fresh stack, the people
    /// stored first.
    static func with(
        start: Date, people: [Person] = [], settings: GovernanceService.Settings = .init(), directoryReader: (any DirectoryReader)? = nil,
        _ body: @Sendable (GovernanceStack) async throws -> Void
    ) async throws {
        for kind in TestDatabases.kinds {
            try await TestDatabases.with(kind) { database in
                let clock = ManualClock(start)
                let audit = SQLAuditLog(database: database)
                let store = SQLPersonStore(database: database)
                let inventory = InventoryService(assets: SQLAssetStore(database: database), people: store, audit: audit, clock: clock)
                // In one transaction: a generated organisation has thousands.
                _ = try await store.upsertAll(people)
                let governance = GovernanceService(
                    store: SQLGovernanceStore(database: database), directory: InventoryGovernanceDirectory(inventory: inventory, clock: clock),
                    audit: audit, clock: clock, settings: settings, directoryReader: directoryReader)
                try await body(GovernanceStack(governance: governance, inventory: inventory, clock: clock, database: database, audit: audit))
            }
        }
    }
}
