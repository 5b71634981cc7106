// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Vulnerabilities: imported OSV advisories (the record as JSON, with the columns incremental import and
    /// lookups need), the CISA KEV catalog and EPSS scores.
    static let m005Vulnerabilities = Migration(version: 5, name: "vulnerabilities") { db, _ in
        try await db.create(table: "vuln_advisories")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("modified", type: .text, .notNull)
            .column("withdrawn", type: .text)
            .column("summary", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(table: "vuln_aliases")
            .column("alias", type: .text, .notNull)
            .column("advisory_id", type: .text, .notNull)
            .run()
        try await db.create(index: "vuln_aliases_key").on("vuln_aliases").column("alias").column("advisory_id").unique().run()
        try await db.create(index: "vuln_aliases_advisory").on("vuln_aliases").column("advisory_id").run()
        try await db.create(table: "vuln_kev")
            .column("cve", type: .text, .primaryKey(autoIncrement: false))
            .column("due_date", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(table: "vuln_epss")
            .column("cve", type: .text, .primaryKey(autoIncrement: false))
            .column("probability", type: .real, .notNull)
            .column("percentile", type: .real, .notNull)
            .column("score_date", type: .text)
            .run()
        try await db.create(table: "vuln_meta")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .text, .notNull)
            .run()
    }
}
