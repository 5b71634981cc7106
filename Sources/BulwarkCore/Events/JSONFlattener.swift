// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
/// Nested JSON objects as one flat map with dotted names (`{"a":{"b":1}}` → `a.b`), as ECS and Sigma name fields.
public enum JSONFlattener {
    /// Deeper nesting than this is kept as JSON text: bounded work for hostile input.
    public static let maximumDepth = 16

    public static func flatten(_ object: [String: Any], prefix: String = "", depth: Int = 0, into fields: inout [String: FieldValue]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value as? [String: Any], depth < maximumDepth {
                if nested.isEmpty { continue }
                flatten(nested, prefix: name, depth: depth + 1, into: &fields)
            } else {
                fields[name] = FieldValue(json: value)
            }
        }
    }
}
