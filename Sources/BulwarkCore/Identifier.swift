// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Identifiers are lowercase UUID strings: opaque, unguessable, the same in SQLite and PostgreSQL.
public enum Identifier {
    /// A new random identifier.
    public static func make() -> String { UUID().uuidString.lowercased() }

    /// Whether `text` has the shape of an identifier (guards route parameters before they reach a store).
    public static func isValid(_ text: String) -> Bool {
        text.count == 36 && UUID(uuidString: text) != nil
    }
}
