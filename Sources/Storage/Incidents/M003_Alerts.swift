// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Alerts (Incidents): one row per alert (grown in place by grouping), its comments, and suppressions.
    /// `seq` orders alerts newest first for the queue; `group_key` + `status` finds the open alert to grow.
    static let m003Alerts = Migration(version: 3, name: "alerts") { db, _ in
        try await db.create(table: "alerts")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
            .column("id", type: .text, .notNull, .unique)
            .column("title", type: .text, .notNull)
            .column("source", type: .text, .notNull)
            .column("rule_id", type: .text)
            .column("severity", type: .text, .notNull)
            .column("severity_rank", type: .bigint, .notNull)
            .column("tags", type: .text, .notNull)
            .column("host", type: .text, .notNull)
            .column("user_name", type: .text, .notNull)
            .column("asset_id", type: .text)
            .column("group_key", type: .text, .notNull)
            .column("count", type: .bigint, .notNull)
            .column("event_ids", type: .text, .notNull)
            .column("first_event_at", type: .bigint, .notNull)
            .column("last_event_at", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("assignee", type: .text)
            .column("acknowledged_at", type: .bigint)
            .column("acknowledged_by", type: .text)
            .column("closed_at", type: .bigint)
            .column("closed_by", type: .text)
            .column("close_reason", type: .text)
            .column("context", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .run()
        try await db.create(index: "alerts_group").on("alerts").column("group_key").column("status").run()
        try await db.create(index: "alerts_status").on("alerts").column("status").column("seq").run()
        try await db.create(index: "alerts_rule").on("alerts").column("rule_id").run()
        try await db.create(index: "alerts_host").on("alerts").column("host").run()
        try await db.create(index: "alerts_created").on("alerts").column("created_at").run()

        try await db.create(table: "alert_comments")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("alert_id", type: .text, .notNull)
            .column("author", type: .text, .notNull)
            .column("text", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "alert_comments_alert").on("alert_comments").column("alert_id").column("created_at").run()

        try await db.create(table: "alert_suppressions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("rule_id", type: .text)
            .column("host", type: .text)
            .column("user_name", type: .text)
            .column("reason", type: .text, .notNull)
            .column("expires_at", type: .bigint)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("hits", type: .bigint, .notNull)
            .run()
    }
}
