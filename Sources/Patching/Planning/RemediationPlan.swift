// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// What planning needs to know of the advisories, declared here and implemented by the application over the
/// vulnerability area's index (Patching reads no other area's data).
public protocol AdvisoryOracle: Sendable {
    /// The advisories that affect one version of a package, each with the versions its ranges are fixed in.
    func advisories(ecosystem: String, package: String, version: String) -> [(id: String, fixed: [String])]
    /// The ecosystem's order: negative, zero or positive; nil when a version cannot be read in it.
    func compare(ecosystem: String, _ a: String, _ b: String) -> Int?
    func isPrerelease(ecosystem: String, version: String) -> Bool
    /// The versions in the ecosystem's order, those it cannot read left out (each parsed once).
    func sorted(ecosystem: String, _ versions: [String]) -> [String]
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
/// a package already on one. Candidates are the fixed versions the advisories name — of the findings, and of the
/// advisories that affect a candidate (a fix that brought a new flaw, fixed later).
public enum RemediationPlanner {
    /// `advisoryName` is the name advisories use for the package: a distribution's source package (openssh for
    /// openssh-server), whose fixed version is the one its binaries get; the package itself by default. With
    /// `allowMajor` false (the patch policy holds major upgrades back) only versions of the installed major are
    /// chosen, and the findings only a major upgrade fixes are listed as held back.
    public static func plan(
        ecosystem: String, package: String, advisoryName: String? = nil, version installed: String, findings: [PlanFinding],
        oracle: any AdvisoryOracle, allowMajor: Bool = true, cache: AdvisoryCache? = nil
    ) -> PlanLine {
        let lookup = advisoryName ?? package
        let allowPrerelease = oracle.isPrerelease(ecosystem: ecosystem, version: installed)
        let installedMajor = major(installed)
        var above: [String: Bool] = [:]
        func reachable(_ candidate: String) -> Bool {
            if let known = above[candidate] { return known }
            let order = oracle.compare(ecosystem: ecosystem, candidate, installed) ?? 0
            let result = order > 0 && (allowPrerelease || !oracle.isPrerelease(ecosystem: ecosystem, version: candidate))
            above[candidate] = result
            return result
        }
        func usable(_ candidate: String) -> Bool { reachable(candidate) && (allowMajor || major(candidate) == installedMajor) }
        let fixable = findings.filter { finding in finding.fixedVersions.contains(where: usable) }
        let noFix = findings.filter { finding in !finding.fixedVersions.contains(where: reachable) }
        var line = PlanLine(
            ecosystem: ecosystem, package: package, fromVersion: installed, toVersion: nil, findingIDs: [], riskRemoved: 0, residual: [],
            noFix: noFix.map(\.id), majorUpgrade: false)
        line.heldBack = findings.filter { finding in
            !finding.fixedVersions.contains(where: usable) && finding.fixedVersions.contains(where: reachable)
        }.map(\.id)
        guard !fixable.isEmpty else { return line }

        // Candidates: the findings' fixes, widened by the fixes of whatever affects a candidate, to a bound.
        var candidates = Set(fixable.flatMap(\.fixedVersions).filter(usable))
        var affecting: [String: [(id: String, fixed: [String])]] = [:]
        var pending = Array(candidates)
        while let candidate = pending.popLast(), affecting.count < 500 {
            let found =
                cache?.advisories(ecosystem: ecosystem, package: lookup, version: candidate, oracle: oracle)
                ?? oracle.advisories(ecosystem: ecosystem, package: lookup, version: candidate)
            affecting[candidate] = found
            for fix in found.flatMap(\.fixed) where usable(fix) && candidates.insert(fix).inserted { pending.append(fix) }
        }
        let ordered = oracle.sorted(ecosystem: ecosystem, candidates.filter { affecting[$0] != nil })
        func fixes(_ candidate: String, _ finding: PlanFinding) -> Bool {
            !(affecting[candidate] ?? []).contains { finding.names.contains($0.id) }
        }
        let target =
            ordered.first { candidate in affecting[candidate]?.isEmpty == true && fixable.allSatisfy { fixes(candidate, $0) } }
            ?? ordered.first { candidate in fixable.allSatisfy { fixes(candidate, $0) } }
            ?? {
                let worst = fixable.map(\.severity).max() ?? .low
                let severe = fixable.filter { $0.severity == worst }
                return ordered.max { a, b in
                    let (left, right) = (severe.filter { fixes(a, $0) }.count, severe.filter { fixes(b, $0) }.count)
                    // More of the most severe fixed; among equals, the smaller version.
                    return left != right ? left < right : (oracle.compare(ecosystem: ecosystem, a, b) ?? 0) > 0
                }
            }()
        guard let target else { return line }
        let closed = fixable.filter { fixes(target, $0) }
        line.toVersion = target
        line.findingIDs = closed.map(\.id)
        line.urgent = closed.contains(where: \.isUrgent)
        line.riskRemoved = (closed.map(\.risk).reduce(0, +) * 10).rounded() / 10
        let left = fixable.filter { !fixes(target, $0) }
        line.residual =
            left.map { PlanLine.Residual(advisory: $0.vulnerability, reason: "not fixed in \(target)") }
            + (affecting[target] ?? []).filter { advisory in
                // A finding listed elsewhere (not fixed, no fix, held back) is not listed twice.
                !findings.contains { finding in !line.findingIDs.contains(finding.id) && finding.names.contains(advisory.id) }
            }.map {
                PlanLine.Residual(advisory: $0.id, reason: "affects \(target) itself")
            }
        line.majorUpgrade = major(target) != major(installed)
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

/// The advisories of each candidate version, kept for one planning pass: the fixes of a package are candidates for
/// every installed version of it on every asset, and finding what affects a version is most of planning's time.
public final class AdvisoryCache {
    private var known: [String: [(id: String, fixed: [String])]] = [:]

    public init() {}

    func advisories(ecosystem: String, package: String, version: String, oracle: any AdvisoryOracle) -> [(id: String, fixed: [String])] {
        let key = ecosystem + "\u{1F}" + package + "\u{1F}" + version
        if let found = known[key] { return found }
        let found = oracle.advisories(ecosystem: ecosystem, package: package, version: version)
        known[key] = found
        return found
    }
}
