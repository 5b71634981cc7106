// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A JSON answer of the API as a type: encoded with the API's conventions (snake_case keys, RFC 3339 times). Each
/// body lives next to its OpenAPI schema, and `ResponseSchemaTests` checks real answers against that schema.
protocol ResponseBody: Encodable, Sendable {}

extension ResponseBody {
    /// The body as a JSON object, for an answer that embeds it beside values that are not types yet.
    var jsonObject: Any {
        (try? JSONCoding.encoder.encode(self)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? [String: Any]()
    }
}

/// An optional the API writes as `null` rather than leaving out: its answers always carry every key of the schema.
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
