// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// MFA recovery codes: the SHA-256 of each unused code, as a JSON array (the codes are random, 50 bits each, and
    /// are shown once).
    static let m012MFARecoveryCodes = Migration(version: 12, name: "mfa_recovery_codes") { db, _ in
        try await db.alter(table: "users").column("mfa_recovery", type: .text).run()
    }
}
