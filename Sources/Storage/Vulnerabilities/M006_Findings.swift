// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Vulnerabilities: packages per asset and inventory source, the changes each import made, findings (the
    /// whole finding as JSON plus the columns lists filter and sort on) and VEX statements.
    static let m006Findings = Migration(version: 6, name: "findings") { db, _ in
        try await db.create(table: "vuln_packages")
            .column("asset_id", type: .text, .notNull)
            .column("source", type: .text, .notNull)
            .column("ecosystem", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("version", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("imported_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "vuln_packages_asset").on("vuln_packages").column("asset_id").column("source").run()
        try await db.create(table: "vuln_inventory_changes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("asset_id", type: .text, .notNull)
            .column("imported_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "vuln_inventory_changes_asset").on("vuln_inventory_changes").column("asset_id").column("imported_at").run()
        try await db.create(table: "vuln_findings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("finding_key", type: .text, .notNull)
            .column("asset_id", type: .text, .notNull)
            .column("asset_name", type: .text, .notNull)
            .column("vulnerability_id", type: .text, .notNull)
            .column("package", type: .text, .notNull)
            .column("ecosystem", type: .text, .notNull)
            .column("aliases", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("severity", type: .text, .notNull)
            .column("risk_key", type: .bigint, .notNull)
            .column("kev", type: .bigint, .notNull)
            .column("due_at", type: .bigint, .notNull)
            .column("fixed_at", type: .bigint)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "vuln_findings_key").on("vuln_findings").column("finding_key").unique().run()
        try await db.create(index: "vuln_findings_asset").on("vuln_findings").column("asset_id").run()
        try await db.create(index: "vuln_findings_vulnerability").on("vuln_findings").column("vulnerability_id").run()
        try await db.create(index: "vuln_findings_risk").on("vuln_findings").column("risk_key").column("id").run()
        try await db.create(table: "vuln_vex")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("vulnerability", type: .text, .notNull)
            .column("product", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("body", type: .text, .notNull)
            .run()
    }
}
