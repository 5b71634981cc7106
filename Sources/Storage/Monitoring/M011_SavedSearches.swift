// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Event searches saved by their name: each user's own, and those shared with the team.
    static let m011SavedSearches = Migration(version: 11, name: "saved_searches") { db, _ in
        try await db.create(table: "saved_searches")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("owner", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("query", type: .text, .notNull)
            .column("range_key", type: .text, .notNull)
            .column("shared", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "saved_searches_owner").on("saved_searches").column("owner").run()
    }
}
