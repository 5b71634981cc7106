// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// An OSV `affected` entry compiled for one ordering: events parsed once, sorted, evaluated as the OSV
/// specification's pseudo-code does ("Evaluation" in ossf/osv-schema).
public struct AffectedRanges: Sendable {
    enum Kind: Sendable { case introduced, fixed, lastAffected, limit }
    struct Event: Sendable {
        var kind: Kind
        /// nil for `introduced: "0"`, which is below every version.
        var key: VersionKey?
    }

    let scheme: VersionScheme
    let ranges: [[Event]]
    let limits: [[VersionKey]]
    let versions: Set<String>
    /// Events whose version the ordering could not read (the range is still evaluated without them).
    public let unreadable: [String]

    public init(_ affected: OSVAffected, scheme: VersionScheme) {
        self.scheme = scheme
        var ranges: [[Event]] = []
        var limits: [[VersionKey]] = []
        var unreadable: [String] = []
        for range in affected.ranges ?? [] where range.type == "ECOSYSTEM" || range.type == "SEMVER" {
            let rangeScheme: VersionScheme = range.type == "SEMVER" && scheme != .go ? .semver : scheme
            var events: [Event] = []
            var rangeLimits: [VersionKey] = []
            for event in range.events {
                let (kind, value): (Kind, String?) =
                    event.introduced.map { (.introduced, $0) } ?? event.fixed.map { (.fixed, $0) }
                    ?? event.lastAffected.map { (.lastAffected, $0) } ?? event.limit.map { (.limit, $0) } ?? (.limit, nil)
                guard let value else { continue }
                if kind == .introduced && value == "0" { events.append(Event(kind: kind, key: nil)); continue }
                if kind == .limit && value == "*" { continue }
                guard let key = try? rangeScheme.key(value) else { unreadable.append(value); continue }
                if kind == .limit { rangeLimits.append(key) } else { events.append(Event(kind: kind, key: key)) }
            }
            // Sorted by version; "0" first; a stable sort keeps the given order of equal versions.
            let sorted = events.enumerated().sorted { l, r in
                switch (l.element.key, r.element.key) {
                case (nil, nil): return l.offset < r.offset
                case (nil, _): return true
                case (_, nil): return false
                case (let a?, let b?):
                    let c = a.compare(b)
                    return c != 0 ? c < 0 : l.offset < r.offset
                }
            }.map(\.element)
            ranges.append(sorted)
            limits.append(rangeLimits)
        }
        self.ranges = ranges
        self.limits = limits
        self.versions = Set(affected.versions ?? [])
        self.unreadable = unreadable
    }

    /// Whether a version is affected: listed in `versions`, or inside a range.
    public func affects(_ version: String, key: VersionKey?) -> Bool {
        if versions.contains(version) { return true }
        guard let key else { return false }
        for (index, events) in ranges.enumerated() {
            if !limits[index].isEmpty && !limits[index].contains(where: { key.compare($0) < 0 }) { continue }
            var affected = false
            for event in events {
                switch event.kind {
                case .introduced:
                    if event.key == nil || key.compare(event.key!) >= 0 { affected = true }
                case .fixed:
                    if key.compare(event.key!) >= 0 { affected = false }
                case .lastAffected:
                    if key.compare(event.key!) > 0 { affected = false }
                case .limit:
                    break
                }
            }
            if affected { return true }
        }
        return false
    }

    /// Whether the entry can say anything about versions (GIT-only entries cannot).
    public var isEvaluable: Bool { !ranges.isEmpty || !versions.isEmpty }
}
