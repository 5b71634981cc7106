// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// A JSON field whose value is one of an enumeration's names.
enum EnumField {
    /// The value named by `text`; a 400 naming the field and the allowed values otherwise.
    static func parse<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, _ field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw CoreError.invalid([
                FieldError(field: field, message: "'\(text.prefix(40))' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        return value
    }
}
