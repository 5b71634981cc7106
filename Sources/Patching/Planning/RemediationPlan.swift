// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// What planning needs to know of the advisories, declared here and implemented by the application over the
/// vulnerability area's index (Patching reads no other area's data).
public protocol AdvisoryOracle: Sendable {
    /// For each version of a package, the advisories that affect it, each with the versions its ranges are fixed in.
    func advisories(ecosystem: String, package: String, versions: [String]) -> [[(id: String, fixed: [String])]]
    /// The ecosystem's order: negative, zero or positive; nil when a version cannot be read in it.
    func compare(ecosystem: String, _ a: String, _ b: String) -> Int?
    func isPrerelease(ecosystem: String, version: String) -> Bool
    /// The versions in the ecosystem's order, those it cannot read left out (each parsed once).
    func sorted(ecosystem: String, _ versions: [String]) -> [String]
    /// Every version the package's advisories name as fixed (of the ecosystem's release, where it has releases).
    func fixedVersions(ecosystem: String, package: String) -> [String]
    /// For each of `versions`, the index of the first of `sorted` (as `sorted` gives them) above it; `sorted.count`
    /// when none is or the version cannot be read.
    func firstAbove(ecosystem: String, _ versions: [String], in sorted: [String]) -> [Int]
}

/// An open finding on the package being planned.
public struct PlanFinding: Sendable, Equatable {
    public var id: String
    /// The vulnerability's id and every alias: an advisory under any of these names is this finding.
    public var names: Set<String>
    public var vulnerability: String
    public var severity: Severity
    public var risk: Double
    /// The versions the vulnerability's advisories name as fixed.
    public var fixedVersions: [String]
    /// In CISA's Known Exploited Vulnerabilities catalog.
    public var kev: Bool

    public init(
        id: String, vulnerability: String, aliases: [String] = [], severity: Severity, risk: Double, fixedVersions: [String], kev: Bool = false
    ) {
        self.id = id
        self.vulnerability = vulnerability
        self.names = Set([vulnerability] + aliases)
        self.severity = severity
        self.risk = risk
        self.fixedVersions = fixedVersions
        self.kev = kev
    }

    /// What allows an emergency job: a KEV or critical finding.
    public var isUrgent: Bool { kev || severity == .critical }
}

/// The upgrade of one package on one asset: the version to go to and why.
public struct PlanLine: Sendable, Equatable {
    public var ecosystem: String
    public var package: String
    public var fromVersion: String
    /// Nil when no known version fixes any of the findings.
    public var toVersion: String?
    /// The findings the upgrade closes.
    public var findingIDs: [String]
    /// The sum of their risk.
    public var riskRemoved: Double
    /// Advisories the target version is still affected by (a finding it does not fix, or an advisory of the target
    /// itself), each with the reason.
    public var residual: [Residual]
    /// Findings no known version fixes.
    public var noFix: [String]
    /// Findings only a major upgrade fixes, held back by the patch policy: they stay open.
    public var heldBack: [String] = []
    /// Whether the upgrade changes the major version (a breaking change is likely).
    public var majorUpgrade: Bool
    /// Whether a finding it closes is in the KEV catalog or critical.
    public var urgent: Bool = false

    public struct Residual: Sendable, Equatable {
        public var advisory: String
        public var reason: String

        public init(advisory: String, reason: String) {
            self.advisory = advisory
            self.reason = reason
        }
    }
}

/// Chooses target versions. The rule, in the ecosystem's own order: the smallest version above the installed one that
/// fixes every open finding and is not itself affected by any known advisory; else the smallest that fixes them all,
/// listing what still affects it; else the smallest that fixes the most severe ones. Pre-releases are chosen only for
/// a package already on one. Candidates are the versions the package's advisories name as fixed (every advisory's,
/// not only the findings': a fix that brought a new flaw is passed over for the later fix of that flaw).
public enum RemediationPlanner {
    /// `advisoryName` is the name advisories use for the package: a distribution's source package (openssh for
    /// openssh-server), whose fixed version is the one its binaries get; the package itself by default. With
    /// `allowMajor` false (the patch policy holds major upgrades back) only versions of the installed major are
    /// chosen, and the findings only a major upgrade fixes are listed as held back.
    public static func plan(
        ecosystem: String, package: String, advisoryName: String? = nil, version installed: String, findings: [PlanFinding],
        oracle: any AdvisoryOracle, allowMajor: Bool = true, cache: AdvisoryCache? = nil
    ) -> PlanLine {
        let table = (cache ?? AdvisoryCache()).table(
            ecosystem: ecosystem, package: advisoryName ?? package, including: findings.flatMap(\.fixedVersions), oracle: oracle)
        let allowPrerelease = oracle.isPrerelease(ecosystem: ecosystem, version: installed)
        let installedMajor = major(installed)
        // The candidates above the installed version start here (a version that cannot be read has none).
        let first = table.firstAbove(installed, oracle: oracle)
        func reachable(_ index: Int) -> Bool { index >= first && (allowPrerelease || !table.prerelease[index]) }
        func usable(_ index: Int) -> Bool { reachable(index) && (allowMajor || table.majors[index] == installedMajor) }
        let fixIndices = findings.map { finding in finding.fixedVersions.compactMap { table.position[$0] } }
        let fixable = zip(findings, fixIndices).filter { $1.contains(where: usable) }.map(\.0)
        var line = PlanLine(
            ecosystem: ecosystem, package: package, fromVersion: installed, toVersion: nil, findingIDs: [], riskRemoved: 0, residual: [],
            noFix: zip(findings, fixIndices).filter { !$1.contains(where: reachable) }.map(\.0.id), majorUpgrade: false)
        line.heldBack = zip(findings, fixIndices).filter { !$1.contains(where: usable) && $1.contains(where: reachable) }.map(\.0.id)
        guard !fixable.isEmpty else { return line }

        func fixes(_ index: Int, _ finding: PlanFinding) -> Bool { finding.names.isDisjoint(with: table.ids[index]) }
        let candidates = (first..<table.versions.count).lazy.filter(usable)
        // A version no advisory affects fixes every finding.
        let target =
            table.clean[table.firstClean(from: first)...].first(where: usable)
            ?? candidates.first { index in fixable.allSatisfy { fixes(index, $0) } }
            ?? {
                let worst = fixable.map(\.severity).max() ?? .low
                let severe = fixable.filter { $0.severity == worst }
                // More of the most severe fixed; among equals, the smaller version (max keeps the first of equals).
                return candidates.map { index in (index, severe.filter { fixes(index, $0) }.count) }.max { $0.1 < $1.1 }?.0
            }()
        guard let target else { return line }
        let version = table.versions[target]
        let closed = fixable.filter { fixes(target, $0) }
        line.toVersion = version
        line.findingIDs = closed.map(\.id)
        line.urgent = closed.contains(where: \.isUrgent)
        line.riskRemoved = (closed.map(\.risk).reduce(0, +) * 10).rounded() / 10
        let left = fixable.filter { !fixes(target, $0) }
        let listed = Set(line.findingIDs)
        line.residual =
            left.map { PlanLine.Residual(advisory: $0.vulnerability, reason: "not fixed in \(version)") }
            + table.affecting[target].filter { advisory in
                // A finding listed elsewhere (not fixed, no fix, held back) is not listed twice.
                !findings.contains { finding in !listed.contains(finding.id) && finding.names.contains(advisory.id) }
            }.map {
                PlanLine.Residual(advisory: $0.id, reason: "affects \(version) itself")
            }
        line.majorUpgrade = table.majors[target] != installedMajor
        return line
    }

    /// The leading number of a version, after an epoch (`1:9.2p1` → 9, `v2.3.0` → 2); nil when it has none.
    static func major(_ version: String) -> Int? {
        var text = Substring(version)
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isNumber) { text = text[text.index(after: colon)...] }
        if text.first == "v" { text = text.dropFirst() }
        return Int(text.prefix { $0.isNumber })
    }
}

extension RemediationPlanner {
    /// Plans many packages. The same package at the same version with the same findings (names, fixes, severity,
    /// KEV) on several assets is one decision: it is planned once and its line given each asset's own finding ids and
    /// risk. `allowMajor` says, per package, whether the patch policy lets it jump a major version.
    public static func planAll(
        _ items: [PackageFindings], oracle: any AdvisoryOracle, allowMajor: (PackageFindings) -> Bool = { _ in true }
    ) -> [PlanLine] {
        var decided: [String: (line: PlanLine, ids: [String])] = [:]
        let cache = AdvisoryCache()
        // Every package's table first, with every fix its findings name, then the place of each installed version in
        // it: one call to the oracle per package, not per asset.
        var installed: [ObjectIdentifier: (table: FixTable, versions: [String])] = [:]
        for item in items {
            let table = cache.table(
                ecosystem: item.ecosystem, package: item.advisoryName ?? item.package, including: item.findings.flatMap(\.fixedVersions),
                oracle: oracle)
            installed[ObjectIdentifier(table), default: (table, [])].versions.append(item.version)
        }
        for (table, versions) in installed.values { table.prepare(versions, oracle: oracle) }
        return items.map { item in
            let findings = item.findings.sorted { ($0.vulnerability, $0.id) < ($1.vulnerability, $1.id) }
            let allowed = allowMajor(item)
            // Within one pass a vulnerability's names and fixes on a package come from the same advisories on every
            // asset, so its id (with the severity and KEV entry) stands for them.
            let key =
                ([item.ecosystem, item.package, item.advisoryName ?? "", item.version, allowed ? "major" : "held"]
                + findings.map { "\($0.vulnerability)\u{1E}\($0.severity.rawValue)\($0.kev ? "\u{1E}kev" : "")" }).joined(separator: "\u{1F}")
            guard let known = decided[key] else {
                let line = plan(
                    ecosystem: item.ecosystem, package: item.package, advisoryName: item.advisoryName, version: item.version, findings: findings,
                    oracle: oracle, allowMajor: allowed, cache: cache)
                decided[key] = (line, findings.map(\.id))
                return line
            }
            // The same decision, with this asset's findings in place of the first one's.
            let ids = Dictionary(uniqueKeysWithValues: zip(known.ids, findings.map(\.id)))
            let risk = Dictionary(uniqueKeysWithValues: findings.map { ($0.id, $0.risk) })
            var line = known.line
            line.findingIDs = line.findingIDs.map { ids[$0] ?? $0 }
            line.noFix = line.noFix.map { ids[$0] ?? $0 }
            line.heldBack = line.heldBack.map { ids[$0] ?? $0 }
            line.riskRemoved = (line.findingIDs.map { risk[$0] ?? 0 }.reduce(0, +) * 10).rounded() / 10
            return line
        }
    }
}

/// What one planning pass learns of the advisories, kept for the pass: per package, every version its advisories name
/// as fixed, in order, each with what affects it. Every installed version of a package on every asset picks its target
/// from the same table, and finding what affects a version is most of planning's time.
public final class AdvisoryCache {
    private var tables: [String: FixTable] = [:]

    public init() {}

    /// The package's table, holding `versions` too (a finding's fixes, should an advisory the oracle does not list for
    /// the package name them).
    func table(ecosystem: String, package: String, including versions: [String], oracle: any AdvisoryOracle) -> FixTable {
        let key = ecosystem + "\u{1F}" + package
        let table =
            tables[key]
            ?? {
                let made = FixTable(ecosystem: ecosystem, package: package, oracle: oracle)
                tables[key] = made
                return made
            }()
        table.include(versions, oracle: oracle)
        return table
    }
}

/// The versions a package's advisories name as fixed, in the ecosystem's order (those it cannot read left out), with
/// the advisories affecting each, whether it is a pre-release and its major version.
final class FixTable {
    let ecosystem: String
    let package: String
    private(set) var versions: [String] = []
    private(set) var position: [String: Int] = [:]
    private(set) var affecting: [[(id: String, fixed: [String])]] = []
    private(set) var ids: [Set<String>] = []
    private(set) var prerelease: [Bool] = []
    private(set) var majors: [Int?] = []
    /// The indices of the versions no advisory affects, ascending.
    private(set) var clean: [Int] = []
    private var known: [String: [(id: String, fixed: [String])]] = [:]
    private var unreadable: Set<String> = []

    init(ecosystem: String, package: String, oracle: any AdvisoryOracle) {
        self.ecosystem = ecosystem
        self.package = package
        include(oracle.fixedVersions(ecosystem: ecosystem, package: package), oracle: oracle)
    }

    /// Adds versions not yet in the table (rarely any after the first call) and puts it in order again.
    func include(_ more: [String], oracle: any AdvisoryOracle) {
        let new = Set(more.filter { position[$0] == nil && !unreadable.contains($0) })
        guard !new.isEmpty else { return }
        let ordered = oracle.sorted(ecosystem: ecosystem, versions + Array(new))
        unreadable.formUnion(new.subtracting(ordered))
        let unknown = new.filter { known[$0] == nil && !unreadable.contains($0) }.sorted()
        for (version, found) in zip(unknown, oracle.advisories(ecosystem: ecosystem, package: package, versions: unknown)) { known[version] = found }
        versions = ordered
        position = Dictionary(ordered.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        affecting = ordered.map { known[$0] ?? [] }
        ids = affecting.map { Set($0.map(\.id)) }
        prerelease = ordered.map { oracle.isPrerelease(ecosystem: ecosystem, version: $0) }
        majors = ordered.map(RemediationPlanner.major)
        clean = affecting.indices.filter { affecting[$0].isEmpty }
        above = [:]
    }

    /// Where the versions above each installed version start, found for many at once (`prepare`) or one by one.
    private var above: [String: Int] = [:]

    /// Finds where the versions above each of `installed` start, in one call to the oracle.
    func prepare(_ installed: [String], oracle: any AdvisoryOracle) {
        let asked = Array(Set(installed.filter { above[$0] == nil }))
        for (version, index) in zip(asked, oracle.firstAbove(ecosystem: ecosystem, asked, in: versions)) { above[version] = index }
    }

    /// The index of the first version above `installed`; the end when none is, or `installed` cannot be read.
    func firstAbove(_ installed: String, oracle: any AdvisoryOracle) -> Int {
        if let known = above[installed] { return known }
        prepare([installed], oracle: oracle)
        return above[installed] ?? versions.count
    }

    /// The place in `clean` of the first clean version at or after `index`.
    func firstClean(from index: Int) -> Int {
        var (low, high) = (0, clean.count)
        while low < high {
            let middle = (low + high) / 2
            if clean[middle] >= index { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
