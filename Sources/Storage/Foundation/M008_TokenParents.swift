// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// API tokens made with another token remember it (`parent_id`): such a token ends when its parent does.
    static let m008TokenParents = Migration(version: 8, name: "token_parents") { db, _ in
        try await db.alter(table: "api_tokens").column("parent_id", type: .text).run()
    }
}
