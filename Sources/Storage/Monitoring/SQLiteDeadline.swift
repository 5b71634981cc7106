// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import PostgresKit
import SQLiteKit

/// A time limit for SQLite statements. SQLite has no statement timeout and SQLiteNIO does not expose
/// `sqlite3_interrupt`, so searches put `bulwark_within(<deadline in ms>)` first in their WHERE clause: the function is
/// not deterministic, so SQLite calls it for every row the statement visits, and past the deadline it fails the
/// statement. Installed on every SQLite connection. (PostgreSQL uses `statement_timeout`.)
enum SQLiteDeadline {
    static let name = "bulwark_within"
    static let message = "bulwark: the statement passed its time limit"

    static let function = SQLiteCustomFunction(name, argumentCount: 1, pure: false) { arguments in
        guard let deadline = arguments.first?.integer else { return 1 }
        if Int(Date().timeIntervalSince1970 * 1000) > deadline { throw Stop() }
        return 1
    }

    struct Stop: Error, CustomStringConvertible {
        var description: String { SQLiteDeadline.message }
    }

    /// Whether `error` is a statement stopped by its time limit, on either database.
    static func isTimeout(_ error: any Error) -> Bool {
        if let postgres = error as? PSQLError, postgres.serverInfo?[.sqlState] == "57014" { return true }
        return "\(error)".contains(message) || String(reflecting: error).contains(message)
    }
}
