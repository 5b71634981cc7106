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
}

/// Matches inventories against an advisory index (offline, like grype or osv-scanner).
public struct Scanner: Sendable {
    public let index: AdvisoryIndex

    public init(index: AdvisoryIndex) { self.index = index }

    /// The records affecting one package, with the KEV/EPSS data of the CVEs they name.
    public func scan(_ package: InventoryPackage, criticality: Criticality = .medium, internetFacing: Bool = false, assetName: String? = nil, source: String? = nil) -> [ScanFinding] {
        var cache: [String: RiskAssessment] = [:]
        return scan(package, criticality: criticality, internetFacing: internetFacing, assetName: assetName, source: source, cache: &cache)
    }

    /// `cache`: assessments by record id for one asset (they depend on the record and the asset only).
    func scan(_ package: InventoryPackage, criticality: Criticality, internetFacing: Bool, assetName: String?, source: String?,
              cache: inout [String: RiskAssessment]) -> [ScanFinding] {
        index.matchesWithFixes(ecosystem: package.ecosystem, name: package.matchName, version: package.version).compactMap { match in
            guard let record = index.records[match.id], let summary = index.summaries[match.id] else { return nil }
            let assessment: RiskAssessment
            if let cached = cache[match.id] {
                assessment = cached
            } else {
                assessment = RiskAssessment.assess(RiskInput(cvss: summary.cvss, kev: summary.kev, epss: summary.epss, criticality: criticality,
                                                             internetFacing: internetFacing, assetName: assetName))
                cache[match.id] = assessment
            }
            return ScanFinding(package: package.name, version: package.version, ecosystem: package.ecosystem, purl: package.purl,
                               vulnerability: record.id, aliases: summary.aliases, fixed: match.fixed,
                               severity: assessment.severity, cvss: summary.cvss, kev: summary.kev != nil, epss: summary.epss?.probability,
                               risk: assessment.score, decision: assessment.decision, reasons: assessment.reasons,
                               summary: record.summary, source: source)
        }
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
