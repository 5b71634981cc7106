// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Inventory
import Foundation

/// One vulnerable package found by a scan, with everything a CI pipeline or an analyst needs to act on it.
public struct ScanFinding: Sendable, Codable, Equatable {
    public var package: String
    public var version: String
    public var ecosystem: String
    public var purl: String
    /// The OSV id.
    public var vulnerability: String
    public var aliases: [String]
    /// Versions that fix it.
    public var fixed: [String]
    public var severity: Severity
    public var cvss: CVSSScore?
    public var kev: Bool
    public var epss: Double?
    public var risk: Double
    public var decision: SSVCDecision
    public var reasons: [String]
    public var summary: String?
    /// Where the package was read (an inventory file).
    public var source: String?
    /// The exploitation data the risk was computed from: the strongest of every record merged into this finding
    /// (a finding's KEV flag, due date and EPSS come from here, so they always agree with its risk).
    public var kevEntry: KEVEntry?
    public var epssScore: EPSSScore?

    /// The report's fields (`kev` and `epss` stand for the entries there).
    enum CodingKeys: String, CodingKey {
        case package, version, ecosystem, purl, vulnerability, aliases, fixed, severity, cvss, kev, epss, risk, decision, reasons, summary, source
    }
}

/// Matches inventories against an advisory index (offline, like grype or osv-scanner).
public struct Scanner: Sendable {
    public let index: AdvisoryIndex

    public init(index: AdvisoryIndex) { self.index = index }

    /// The records affecting one package, with the KEV/EPSS data of the CVEs they name.
    public func scan(
        _ package: InventoryPackage, criticality: Criticality = .medium, internetFacing: Bool = false, assetName: String? = nil, source: String? = nil
    ) -> [ScanFinding] {
        var cache: [String: RiskAssessment] = [:]
        return scan(package, criticality: criticality, internetFacing: internetFacing, assetName: assetName, source: source, cache: &cache)
    }

    /// `cache`: assessments by record id for one asset (they depend on the record and the asset only).
    func scan(
        _ package: InventoryPackage, criticality: Criticality, internetFacing: Bool, assetName: String?, source: String?,
        cache: inout [String: RiskAssessment]
    ) -> [ScanFinding] {
        let matches = index.matchesWithFixes(ecosystem: package.ecosystem, name: package.matchName, version: package.version)
        return Self.merged(matches, index: index).compactMap { group in
            guard let record = index.records[group.primary] else { return nil }
            let assessment: RiskAssessment
            if let cached = cache[group.primary] {
                assessment = cached
            } else {
                assessment = RiskAssessment.assess(
                    RiskInput(
                        cvss: group.cvss, kev: group.kev, epss: group.epss, criticality: criticality,
                        internetFacing: internetFacing, assetName: assetName))
                cache[group.primary] = assessment
            }
            return ScanFinding(
                package: package.name, version: package.version, ecosystem: package.ecosystem, purl: package.purl,
                vulnerability: record.id, aliases: group.aliases, fixed: group.fixed,
                severity: assessment.severity, cvss: group.cvss, kev: group.kev != nil, epss: group.epss?.probability,
                risk: assessment.score, decision: assessment.decision, reasons: assessment.reasons,
                summary: record.summary, source: source, kevEntry: group.kev, epssScore: group.epss)
        }
    }

    /// Records that name each other (an id or alias of one is an id or alias of the other, as PYSEC and GHSA records of
    /// one CVE do; `related` does not count)
    /// are one vulnerability: one finding, under the record with the best CVSS score (then the smallest id), with
    /// every id as an alias, the fixes of all, the strongest exploitation data of any.
    struct Group {
        var primary: String
        var names: Set<String>
        var identity: Set<String>
        var fixed: [String]
        var cvss: CVSSScore?
        var kev: KEVEntry?
        var epss: EPSSScore?
        var aliases: [String] { names.subtracting([primary]).sorted() }
    }

    static func merged(_ matches: [(id: String, fixed: [String])], index: AdvisoryIndex) -> [Group] {
        var groups: [Group] = []
        for match in matches {
            guard let summary = index.summaries[match.id] else { continue }
            let names = Set([match.id] + summary.aliases)
            if let at = groups.firstIndex(where: { !$0.identity.isDisjoint(with: summary.identity) }) {
                var group = groups[at]
                group.names.formUnion(names)
                group.identity.formUnion(summary.identity)
                for fix in match.fixed where !group.fixed.contains(fix) { group.fixed.append(fix) }
                let newScore = summary.cvss?.baseScore ?? -1, oldScore = group.cvss?.baseScore ?? -1
                if newScore > oldScore || (newScore == oldScore && match.id < group.primary) { group.primary = match.id }
                if (summary.cvss?.baseScore ?? -1) > (group.cvss?.baseScore ?? -1) { group.cvss = summary.cvss }
                group.kev = group.kev ?? summary.kev
                if (summary.epss?.probability ?? -1) > (group.epss?.probability ?? -1) { group.epss = summary.epss }
                groups[at] = group
            } else {
                groups.append(
                    Group(
                        primary: match.id, names: names, identity: summary.identity, fixed: match.fixed, cvss: summary.cvss, kev: summary.kev,
                        epss: summary.epss))
            }
        }
        return groups
    }

    /// Every finding of the packages (of one asset, or an offline scan), highest risk first.
    public func scan(_ packages: [InventoryPackage], source: String? = nil) -> [ScanFinding] {
        var cache: [String: RiskAssessment] = [:]
        var findings: [ScanFinding] = []
        for package in packages {
            findings += scan(package, criticality: .medium, internetFacing: false, assetName: nil, source: source, cache: &cache)
        }
        return findings.sorted { ($0.risk, $1.package, $1.vulnerability) > ($1.risk, $0.package, $0.vulnerability) }
    }
}
