// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Governance: identity sources (unique names) and the files some keep between imports; accounts, one per source,
    /// host and login name (`account_key`), with the person they belong to and a lowercase `search` text; each
    /// import's record; access findings with a `sort_key` (most severe, then newest, first).
    static let m015Governance = Migration(version: 15, name: "governance") { db, _ in
        try await db.create(table: "identity_sources")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "identity_sources_name").on("identity_sources").column("name").unique().run()
        try await db.create(table: "identity_source_files")
            .column("source_id", type: .text, .primaryKey(autoIncrement: false))
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(table: "identity_accounts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("source_id", type: .text, .notNull)
            .column("account_key", type: .text, .notNull)
            .column("username", type: .text, .notNull)
            .column("search", type: .text, .notNull)
            .column("person_id", type: .text)
            .column("present", type: .int, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "identity_accounts_key").on("identity_accounts").column("source_id").column("account_key").unique().run()
        try await db.create(index: "identity_accounts_username").on("identity_accounts").column("username").column("id").run()
        try await db.create(index: "identity_accounts_person").on("identity_accounts").column("person_id").run()
        try await db.create(table: "account_imports")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("source_id", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "account_imports_source").on("account_imports").column("source_id").column("created_at").run()
        try await db.create(table: "access_findings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("source_id", type: .text, .notNull)
            .column("account_id", type: .text, .notNull)
            .column("person_id", type: .text)
            .column("type", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("sort_key", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "access_findings_state").on("access_findings").column("state").column("sort_key").run()
        try await db.create(index: "access_findings_source").on("access_findings").column("source_id").run()
        try await db.create(index: "access_findings_account").on("access_findings").column("account_id").column("type").unique().run()
    }
}
