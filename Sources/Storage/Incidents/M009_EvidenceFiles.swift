// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Evidence files in the database, so that every node of one database can serve them: a file as numbered chunks
    /// (SQLite and PostgreSQL both refuse values past 1 GB, and a chunk keeps each statement small).
    static let m009EvidenceFiles = Migration(version: 9, name: "evidence_files") { db, _ in
        try await db.create(table: "evidence_chunks")
            .column("evidence_id", type: .text, .notNull)
            .column("seq", type: .int, .notNull)
            .column("data", type: .blob, .notNull)
            .primaryKey("evidence_id", "seq")
            .run()
    }
}
