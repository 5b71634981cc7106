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
        index.matches(ecosystem: package.ecosystem, name: package.matchName, version: package.version).compactMap { id in
            guard let record = index.records[id] else { return nil }
            let cves = record.cves
            let kev = cves.lazy.compactMap { index.kev[$0] }.first
            let epss = cves.compactMap { index.epss[$0] }.max { $0.probability < $1.probability }
            let cvss = record.bestCVSS
            let assessment = RiskAssessment.assess(RiskInput(cvss: cvss, kev: kev, epss: epss, criticality: criticality,
                                                             internetFacing: internetFacing, assetName: assetName))
            return ScanFinding(package: package.name, version: package.version, ecosystem: package.ecosystem, purl: package.purl,
                               vulnerability: record.id, aliases: Array(Set((record.aliases ?? []) + cves)).sorted(),
                               fixed: record.fixedVersions(ecosystem: package.ecosystem, name: package.matchName),
                               severity: assessment.severity, cvss: cvss, kev: kev != nil, epss: epss?.probability,
                               risk: assessment.score, decision: assessment.decision, reasons: assessment.reasons,
                               summary: record.summary, source: source)
        }
    }

    /// Every finding of the packages, highest risk first.
    public func scan(_ packages: [InventoryPackage], source: String? = nil) -> [ScanFinding] {
        packages.flatMap { scan($0, source: source) }.sorted { ($0.risk, $1.package, $1.vulnerability) > ($1.risk, $0.package, $0.vulnerability) }
    }
}
