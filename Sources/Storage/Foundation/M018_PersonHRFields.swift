// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// A person's HR number and job title (the HR roster's `employee_id`, `job_title`), empty for the people before.
    static let m018PersonHRFields = Migration(version: 18, name: "person_hr_fields") { db, _ in
        try await db.alter(table: "people").column("employee_id", type: .text, .notNull, .default("")).run()
        try await db.alter(table: "people").column("job_title", type: .text, .notNull, .default("")).run()
    }
}
