// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Advisories indexed by package for matching: ecosystem + normalised name → the affected entries that name it,
/// with their ranges compiled once. Withdrawn records are left out. Built from records; immutable.
public struct AdvisoryIndex: Sendable {
    public struct Entry: Sendable {
        public let recordID: String
        /// The ecosystem exactly as the record names it (`Debian:12`).
        public let ecosystem: String
        /// Its release (`12`), if any.
        public let release: String?
        public let ranges: AffectedRanges
        /// The versions this entry's ranges are fixed in.
        public let fixed: [String]
    }

    /// What a finding needs of a record, derived once: its CVEs and aliases, best CVSS, KEV entry and EPSS score.
    public struct Summary: Sendable {
        public let cves: [String]
        /// Aliases and CVEs (`related` ones included), sorted, without the record's own id.
        public let aliases: [String]
        /// The id and its `aliases` only: the names that make two records one vulnerability (not `related`).
        public let identity: Set<String>
        public let cvss: CVSSScore?
        public let kev: KEVEntry?
        public let epss: EPSSScore?
    }

    let entries: [String: [Entry]]
    public let records: [String: OSVRecord]
    /// Any id or alias → the ids of the records that carry it (a CVE may be carried by several records).
    public let aliases: [String: [String]]
    public let kev: [String: KEVEntry]
    public let epss: [String: EPSSScore]
    /// Per record id (withdrawn records included).
    public let summaries: [String: Summary]

    public init(records: [OSVRecord], kev: [KEVEntry] = [], epss: [EPSSScore] = []) {
        var entries: [String: [Entry]] = [:]
        var byID: [String: OSVRecord] = [:]
        var aliases: [String: [String]] = [:]
        for record in records {
            byID[record.id] = record
            for name in Set([record.id] + (record.aliases ?? [])) { aliases[name, default: []].append(record.id) }
            guard record.withdrawn == nil else { continue }
            for affected in record.affected ?? [] {
                guard let package = affected.package, let scheme = Ecosystem.scheme(package.ecosystem) else { continue }
                let ranges = AffectedRanges(affected, scheme: scheme)
                guard ranges.isEvaluable else { continue }
                let fixed = (affected.ranges ?? []).flatMap { $0.events.compactMap(\.fixed) }
                entries[Self.key(ecosystem: package.ecosystem, name: package.name), default: []]
                    .append(
                        Entry(
                            recordID: record.id, ecosystem: package.ecosystem, release: Ecosystem.release(package.ecosystem), ranges: ranges,
                            fixed: fixed))
            }
        }
        self.entries = entries
        self.records = byID
        self.aliases = aliases
        let kevByCVE = Dictionary(kev.map { ($0.cve, $0) }, uniquingKeysWith: { _, b in b })
        let epssByCVE = Dictionary(epss.map { ($0.cve, $0) }, uniquingKeysWith: { _, b in b })
        self.kev = kevByCVE
        self.epss = epssByCVE
        var summaries: [String: Summary] = [:]
        summaries.reserveCapacity(byID.count)
        for record in byID.values {
            let cves = record.cves
            summaries[record.id] = Summary(
                cves: cves, aliases: Array(Set((record.aliases ?? []) + cves).subtracting([record.id])).sorted(),
                identity: Set([record.id] + (record.aliases ?? [])),
                cvss: record.bestCVSS, kev: cves.lazy.compactMap { kevByCVE[$0] }.first,
                epss: cves.compactMap { epssByCVE[$0] }.max { $0.probability < $1.probability })
        }
        self.summaries = summaries
    }

    static func key(ecosystem: String, name: String) -> String {
        Ecosystem.base(ecosystem) + "\u{1}" + Ecosystem.normalizedName(name, ecosystem: ecosystem)
    }

    public var affectedEntryCount: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The records that affect a package version. An ecosystem with a release (`Debian:12`) matches only entries
    /// of that release; one without a release matches entries of every release.
    public func matches(ecosystem: String, name: String, version: String) -> [String] {
        matchesWithFixes(ecosystem: ecosystem, name: name, version: version).map(\.id)
    }

    /// Every version the entries for a package name as fixed, once each, in the order first seen; of the ecosystem's
    /// release only, where it has releases (as matching takes them).
    public func fixedVersions(ecosystem: String, name: String) -> [String] {
        let release = Ecosystem.release(ecosystem)
        var seen = Set<String>()
        return (entries[Self.key(ecosystem: ecosystem, name: name)] ?? []).flatMap { entry -> [String] in
            if let release, let entryRelease = entry.release, entryRelease != release { return [] }
            return entry.fixed.filter { seen.insert($0).inserted }
        }
    }

    /// ``matchesWithFixes(ecosystem:name:version:)`` for many versions of one package at once: each version parsed
    /// once and each entry visited once, in the same order of records as one at a time.
    public func matchesWithFixes(ecosystem: String, name: String, versions: [String]) -> [[(id: String, fixed: [String])]] {
        guard let candidates = entries[Self.key(ecosystem: ecosystem, name: name)], let scheme = Ecosystem.scheme(ecosystem), !versions.isEmpty
        else { return versions.map { _ in [] } }
        let release = Ecosystem.release(ecosystem)
        let keys = versions.map { try? scheme.key($0) }
        var found = versions.map { _ in [Int]() }  // entry indices of the first entry of each matching record
        var seen = versions.map { _ in Set<String>() }
        var fixes: [String: [String]] = [:]
        for (at, entry) in candidates.enumerated() {
            if let release, let entryRelease = entry.release, entryRelease != release { continue }
            for fix in entry.fixed where !(fixes[entry.recordID]?.contains(fix) ?? false) { fixes[entry.recordID, default: []].append(fix) }
            for index in versions.indices where !seen[index].contains(entry.recordID) {
                if entry.ranges.affects(versions[index], key: keys[index]) {
                    seen[index].insert(entry.recordID)
                    found[index].append(at)
                }
            }
        }
        return found.map { list in list.map { (candidates[$0].recordID, fixes[candidates[$0].recordID] ?? []) } }
    }

    /// The records that affect a package version, each with every version its entries for this package are fixed in.
    public func matchesWithFixes(ecosystem: String, name: String, version: String) -> [(id: String, fixed: [String])] {
        guard let candidates = entries[Self.key(ecosystem: ecosystem, name: name)],
            let scheme = Ecosystem.scheme(ecosystem)
        else { return [] }
        let release = Ecosystem.release(ecosystem)
        let key = try? scheme.key(version)
        var found: [String] = []
        var seen = Set<String>()
        for entry in candidates {
            if let release, let entryRelease = entry.release, entryRelease != release { continue }
            if seen.contains(entry.recordID) { continue }
            if entry.ranges.affects(version, key: key) {
                seen.insert(entry.recordID)
                found.append(entry.recordID)
            }
        }
        guard !found.isEmpty else { return [] }
        var fixes: [String: [String]] = [:]
        for entry in candidates where seen.contains(entry.recordID) {
            for fix in entry.fixed where !(fixes[entry.recordID]?.contains(fix) ?? false) { fixes[entry.recordID, default: []].append(fix) }
        }
        return found.map { ($0, fixes[$0] ?? []) }
    }
}
