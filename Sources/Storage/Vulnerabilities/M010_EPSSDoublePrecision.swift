// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// EPSS probabilities and percentiles in double precision on PostgreSQL too, where `REAL` is four bytes: 0.9 came back
    /// as 0.8999999761581421, so the same import answered differently on the two engines. (SQLite's REAL is eight
    /// bytes already.)
    static let m010EPSSDoublePrecision = Migration(version: 10, name: "epss_double_precision") { db, dialect in
        guard dialect == .postgres else { return }
        try await db.raw("ALTER TABLE vuln_epss ALTER COLUMN probability TYPE DOUBLE PRECISION, ALTER COLUMN percentile TYPE DOUBLE PRECISION").run()
    }
}
