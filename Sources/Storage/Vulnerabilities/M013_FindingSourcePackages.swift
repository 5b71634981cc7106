// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// The source package of each finding (a distribution fixes and ships source packages, so that openssh-server's and
    /// openssh-client's findings are one fix of openssh): a column to group and filter on. Findings stored before it
    /// take their own package until the next scan of their asset fills in the source.
    static let m013FindingSourcePackages = Migration(version: 13, name: "finding_source_packages") { db, _ in
        try await db.alter(table: "vuln_findings").column("source_package", type: .text).run()
        try await db.update("vuln_findings").set("source_package", to: SQLColumn("package")).run()
        try await db.create(index: "vuln_findings_source_package").on("vuln_findings").column("ecosystem").column("source_package").run()
    }
}
