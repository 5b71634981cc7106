// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Governance's own bookkeeping by key: `login_checkpoint`, the last event whose logins it has taken.
    static let m017GovernanceState = Migration(version: 17, name: "governance state") { db, _ in
        try await db.create(table: "governance_state")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .bigint, .notNull)
            .run()
    }
}
