// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The fields of a sample of matching events and their most frequent values, for the search page's field list (as
/// Kibana's Discover shows "top 5 values in 500 records").
public struct FieldStatistics: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        /// Events of the sample that have the field.
        public var present: Int
        /// The most frequent values (at most `valuesPerField`), with their counts, most frequent first.
        public var values: [(value: String, count: Int)]

        public static func == (lhs: Field, rhs: Field) -> Bool {
            lhs.name == rhs.name && lhs.present == rhs.present && lhs.values.map(\.value) == rhs.values.map(\.value)
                && lhs.values.map(\.count) == rhs.values.map(\.count)
        }
    }

    /// Events the counts are over.
    public var sampled: Int
    /// Fields by how many events have them, then by name.
    public var fields: [Field]

    /// Fields that say nothing a filter could use: the free text and Bulwark's own bookkeeping.
    static let skipped: Set<String> = ["message", "event.original", "log.file.path", "bulwark.parser"]

    public init(_ events: [StoredEvent], valuesPerField: Int = 5, maximumFields: Int = 40) {
        sampled = events.count
        var counts: [String: [String: Int]] = [:]
        var present: [String: Int] = [:]
        for stored in events {
            for (name, value) in stored.event.fields where !Self.skipped.contains(name) {
                let text = value.text
                guard !text.isEmpty, text.count <= 200 else { continue }
                present[name, default: 0] += 1
                counts[name, default: [:]][text, default: 0] += 1
            }
        }
        fields = present.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(maximumFields).map { name, count in
            let top = (counts[name] ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(valuesPerField)
            return Field(name: name, present: count, values: top.map { ($0.key, $0.value) })
        }
    }
}
