// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Cases (Incidents): the case as JSON plus the columns the list filters and sorts on (`seq` is the case
    /// number); every record of a case (tasks, observables, timeline, comments, evidence, actions) as JSON by kind,
    /// with `record_key` indexed for lookups across cases (an observable's type and value); saved list views.
    static let m007Cases = Migration(version: 7, name: "cases") { db, _ in
        try await db.create(table: "cases")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
            .column("id", type: .text, .notNull, .unique)
            .column("title", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("severity", type: .text, .notNull)
            .column("assignee", type: .text)
            .column("tags", type: .text, .notNull)
            .column("alert_ids", type: .text, .notNull)
            .column("automation_key", type: .text)
            .column("detected_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "cases_status").on("cases").column("status").column("seq").run()
        try await db.create(index: "cases_detected").on("cases").column("detected_at").run()
        try await db.create(index: "cases_automation").on("cases").column("automation_key").run()
        try await db.create(table: "case_records")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("case_id", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("record_key", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "case_records_case").on("case_records").column("case_id").column("kind").run()
        try await db.create(index: "case_records_key").on("case_records").column("kind").column("record_key").run()
        try await db.create(table: "case_views")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("owner", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("query", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "case_views_owner").on("case_views").column("owner").run()
    }
}
