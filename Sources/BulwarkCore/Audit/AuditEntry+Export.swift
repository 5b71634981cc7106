// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

extension AuditEntry {
    /// Column names of the CSV export, in order.
    public static let csvHeader = ["id", "time", "actor", "action", "target", "source", "outcome", "detail"]

    /// The entry as one CSV record (RFC 4180 quoting), without the line break.
    public var csvRecord: String {
        let time = Timestamp.format(self.time)
        return [id, time, actor, action, target, source, outcome.rawValue, detail].map(CSV.quote).joined(separator: ",")
    }
}
