// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Patching: patch jobs as JSON plus the columns the board filters and sorts on (`revision` guards concurrent
    /// changes: an update saves only over the revision it read); maintenance windows as JSON.
    static let m014Patching = Migration(version: 14, name: "patching") { db, _ in
        try await db.create(table: "patch_jobs")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("status", type: .text, .notNull)
            .column("emergency", type: .int, .notNull)
            .column("window_id", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .column("revision", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "patch_jobs_status").on("patch_jobs").column("status").column("created_at").run()
        try await db.create(index: "patch_jobs_created").on("patch_jobs").column("created_at").run()
        try await db.create(table: "patch_windows")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
    }
}
