// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Detection: rules switched on or off by people, exclusions, threat-intelligence indicators, and the last event
    /// evaluated (so that events committed just before a crash are evaluated after the restart).
    static let m004Detection = Migration(version: 4, name: "detection") { db, _ in
        try await db.create(table: "detection_rule_overrides")
            .column("rule_id", type: .text, .primaryKey(autoIncrement: false))
            .column("enabled", type: .bigint, .notNull)
            .column("changed_by", type: .text, .notNull)
            .column("changed_at", type: .bigint, .notNull)
            .run()
        try await db.create(table: "detection_exclusions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("rule_id", type: .text)
            .column("condition", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("expires_at", type: .bigint)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(table: "indicators")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("source", type: .text, .notNull)
            .column("confidence", type: .bigint, .notNull)
            .column("expires_at", type: .bigint)
            .column("description", type: .text, .notNull)
            .column("tags", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "indicators_key").on("indicators").column("kind").column("value").column("source").unique().run()
        try await db.create(table: "detection_checkpoint")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("last_id", type: .bigint, .notNull)
            .run()
    }
}
