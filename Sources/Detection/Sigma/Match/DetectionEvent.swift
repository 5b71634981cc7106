// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What a compiled rule reads from an event: its flat field map, the original text (for keyword searches) and its time.
public struct DetectionEvent: Sendable {
    public var fields: [String: FieldValue]
    public var raw: String?
    public var time: Date

    public init(fields: [String: FieldValue], raw: String? = nil, time: Date) {
        self.fields = fields
        self.raw = raw
        self.time = time
    }

    @inline(__always)
    func value(_ path: FieldPath) -> FieldValue? {
        for name in path.names {
            if let value = fields[name] { return value }
        }
        return nil
    }
}
