// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The sliding windows of one correlation rule, one per group (the values of its `group-by` fields).
/// Bounded: at most `maximumGroups` groups (the least recently active is dropped) and `maximumEventsPerGroup`
/// events per group (the oldest are dropped).
final class CorrelationState {
    let rule: SigmaRule
    let definition: SigmaCorrelation
    /// Rule indexes in the engine, in the order the correlation names them (temporal_ordered needs it).
    let sources: [Int]
    /// (name, id) of each source rule, for aliases.
    let names: [(name: String?, id: String)]
    let maximumGroups: Int
    let maximumEventsPerGroup: Int

    private struct Entry {
        var time: Date
        var reference: Int64
        var source: Int
        var value: FieldValue?
    }

    private struct Window {
        var entries: [Entry] = []
        var group: [(field: String, value: String)]
        var lastActivity: Date
    }

    private var windows: [String: Window] = [:]

    init(rule: SigmaRule, definition: SigmaCorrelation, sources: [Int], names: [(name: String?, id: String)], options: SigmaEngine.Options) {
        self.rule = rule
        self.definition = definition
        self.sources = sources
        self.names = names
        maximumGroups = options.maximumGroups
        maximumEventsPerGroup = options.maximumEventsPerGroup
    }

    var groupCount: Int { windows.count }

    /// The event field that stands for `field` in events of source rule `position` (through `aliases`).
    private func field(_ field: String, source position: Int) -> String {
        guard let alias = definition.aliases[field] else { return field }
        let (name, id) = names[position]
        if let name, let mapped = alias[name] { return mapped }
        return alias[id] ?? field
    }

    private func value(of field: String, in event: DetectionEvent) -> FieldValue? {
        if let value = event.fields[field] { return value }
        for prefix in ["winlog.event_data.", "winlog.user_data."] {
            if let value = event.fields[prefix + field] { return value }
        }
        return nil
    }

    func add(event: DetectionEvent, reference: Int64, source: Int) -> CorrelationMatch? {
        let positions = sources.indices.filter { sources[$0] == source }
        var fired: CorrelationMatch?
        for position in positions {
            let group = definition.groupBy.map { name in
                (field: name, value: value(of: field(name, source: position), in: event)?.text ?? "")
            }
            let key = group.map(\.value).joined(separator: "\u{1F}")
            var window = windows[key] ?? Window(group: group, lastActivity: event.time)
            if windows[key] == nil, windows.count >= maximumGroups { evictOne(now: event.time) }
            var closed: CorrelationMatch?
            // Entries older than the timespan leave the window; an upper-bound condition is judged on the window they close.
            if let first = window.entries.first, event.time.timeIntervalSince(first.time) > definition.timespan {
                if !(definition.condition?.hasLowerBound ?? true) { closed = judge(window.entries, group: window.group) }
                window.entries.removeAll { event.time.timeIntervalSince($0.time) > definition.timespan }
            }
            let fieldValue = definition.field.map { value(of: field($0, source: position), in: event) } ?? nil
            window.entries.append(Entry(time: event.time, reference: reference, source: position, value: fieldValue))
            if window.entries.count > maximumEventsPerGroup { window.entries.removeFirst(window.entries.count - maximumEventsPerGroup) }
            window.lastActivity = event.time
            if closed == nil, definition.condition?.hasLowerBound ?? true, let match = judge(window.entries, group: window.group) {
                closed = match
                window.entries.removeAll()
            }
            windows[key] = window
            if let closed { fired = closed }
        }
        return fired
    }

    func flush() -> [CorrelationMatch] {
        defer { windows.removeAll() }
        guard !(definition.condition?.hasLowerBound ?? true) else { return [] }
        return windows.values.sorted { $0.lastActivity < $1.lastActivity }.compactMap { judge($0.entries, group: $0.group) }
    }

    private func evictOne(now: Date) {
        // Expired windows first; otherwise the least recently active.
        let expired = windows.filter { now.timeIntervalSince($0.value.lastActivity) > definition.timespan }.map(\.key)
        if !expired.isEmpty {
            for key in expired { windows.removeValue(forKey: key) }
            return
        }
        if let oldest = windows.min(by: { $0.value.lastActivity < $1.value.lastActivity })?.key {
            windows.removeValue(forKey: oldest)
        }
    }

    private func judge(_ entries: [Entry], group: [(field: String, value: String)]) -> CorrelationMatch? {
        guard !entries.isEmpty else { return nil }
        let condition = definition.condition
        let holds: Bool
        switch definition.type {
        case .eventCount:
            holds = condition?.holds(Double(entries.count)) ?? false
        case .valueCount:
            let distinct = Set(
                entries.compactMap { entry -> String? in
                    guard let value = entry.value, value != .null else { return nil }
                    return value.text.lowercased()
                })
            holds = condition?.holds(Double(distinct.count)) ?? false
        case .valueSum, .valueAvg:
            let numbers = entries.compactMap { $0.value?.number }
            guard !numbers.isEmpty else { return nil }
            let sum = numbers.reduce(0, +)
            holds = condition?.holds(definition.type == .valueSum ? sum : sum / Double(numbers.count)) ?? false
        case .temporal:
            let distinct = Set(entries.map(\.source)).count
            holds = condition.map { $0.holds(Double(distinct)) } ?? (distinct == sources.count)
        case .temporalOrdered:
            // The rules must match in the order named: find each next one after the previous.
            var next = 0
            for entry in entries.sorted(by: { $0.time < $1.time }) where next < sources.count && entry.source == next {
                next += 1
            }
            holds = condition.map { $0.holds(Double(next)) } ?? (next == sources.count)
        }
        guard holds else { return nil }
        return CorrelationMatch(
            rule: rule, events: entries.map(\.reference), group: group,
            first: entries.map(\.time).min()!, last: entries.map(\.time).max()!, count: entries.count)
    }
}
