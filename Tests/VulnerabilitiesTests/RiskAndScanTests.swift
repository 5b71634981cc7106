// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Vulnerabilities

@Suite struct RiskAndScanTests {
    let critical = CVSSScore(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", version: "3.1", baseScore: 9.8, severity: "Critical")
    let medium = CVSSScore(vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", version: "3.1", baseScore: 6.1, severity: "Medium")
    let kev = KEVEntry(
        cve: "CVE-1", vendor: "", product: "", name: "", dateAdded: "2024-01-02", dueDate: "2024-01-23", ransomware: "Known", requiredAction: "")

    @Test func exploitationAndTheAssetRaiseTheRisk() {
        let base = RiskAssessment.assess(RiskInput(cvss: critical, kev: nil, epss: nil))
        let exploited = RiskAssessment.assess(RiskInput(cvss: critical, kev: kev, epss: nil))
        let likely = RiskAssessment.assess(RiskInput(cvss: critical, kev: nil, epss: EPSSScore(cve: "CVE-1", probability: 0.6, percentile: 0.98)))
        let exposed = RiskAssessment.assess(RiskInput(cvss: critical, kev: nil, epss: nil, criticality: .critical, internetFacing: true))
        let lowAsset = RiskAssessment.assess(RiskInput(cvss: critical, kev: nil, epss: nil, criticality: .low))
        #expect(exploited.score > likely.score && likely.score > base.score)
        #expect(exposed.score > base.score && base.score > lowAsset.score)
        #expect(exploited.score <= 100 && lowAsset.score > 0)
        // A KEV medium outranks an unexploited critical: exploitation first.
        let kevMedium = RiskAssessment.assess(RiskInput(cvss: medium, kev: kev, epss: nil))
        #expect(kevMedium.score > base.score)
        // The reasons say why, strongest first, and end with the decision.
        #expect(exploited.reasons.first?.contains("CISA KEV") == true)
        #expect(exploited.reasons.contains("used in ransomware campaigns"))
        #expect(exploited.reasons.last?.hasPrefix("SSVC: ") == true)
    }

    @Test func ssvcDecisions() {
        #expect(RiskAssessment.assess(RiskInput(cvss: critical, kev: kev, epss: nil, criticality: .medium, internetFacing: true)).decision == .act)
        #expect(RiskAssessment.assess(RiskInput(cvss: medium, kev: kev, epss: nil, criticality: .low)).decision == .attend)
        #expect(
            RiskAssessment.assess(
                RiskInput(cvss: critical, kev: nil, epss: EPSSScore(cve: "x", probability: 0.3, percentile: 0.9), criticality: .high)
            ).decision == .attend)
        #expect(
            RiskAssessment.assess(RiskInput(cvss: medium, kev: nil, epss: EPSSScore(cve: "x", probability: 0.3, percentile: 0.9))).decision
                == .trackStar)
        #expect(RiskAssessment.assess(RiskInput(cvss: medium, kev: nil, epss: nil)).decision == .track)
    }

    @Test func slaDueDatesAndKEVDeadlines() throws {
        let first = try #require(Timestamp.parse("2024-01-01T00:00:00Z"))
        let policy = try SLAPolicy.parse("critical=7, high=14")
        #expect(policy.due(firstSeen: first, severity: .critical, kev: nil) == first.addingTimeInterval(7 * 86_400))
        #expect(policy.due(firstSeen: first, severity: .medium, kev: nil) == first.addingTimeInterval(90 * 86_400))
        // KEV due 2024-01-23 (end of day) is sooner than 90 days.
        #expect(policy.due(firstSeen: first, severity: .medium, kev: kev) == Timestamp.parse("2024-01-23T23:59:59Z"))
        // ... but not sooner than 7 days for a critical.
        #expect(policy.due(firstSeen: first, severity: .critical, kev: kev) == first.addingTimeInterval(7 * 86_400))
        #expect(throws: VersionError.self) { try SLAPolicy.parse("urgent=1") }
        #expect(throws: VersionError.self) { try SLAPolicy.parse("high=0") }
    }

    @Test func scanFindsWhatTheRangesSayWithFixesAndExploitData() throws {
        var batch = AdvisoryImport.read(bytes: try fixture("osv/sample.jsonl"), name: "sample.jsonl")
        batch.kev = [
            KEVEntry(
                cve: "CVE-2023-39325", vendor: "", product: "", name: "", dateAdded: "2023-10-10", dueDate: "2023-10-31", ransomware: "Unknown",
                requiredAction: "")
        ]
        batch.epss = [EPSSScore(cve: "CVE-2021-35042", probability: 0.2, percentile: 0.95)]
        let scanner = Scanner(index: AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss))
        let inventory = try InventoryParser.parse(bytes: try fixture("inventories/bom.cdx.json"), name: "bom.cdx.json")
        let findings = scanner.scan(inventory.packages, source: "bom.cdx.json")
        #expect(findings.map(\.vulnerability) == ["GO-2023-2102", "PYSEC-2021-109", "ALSA-2024:4312"])
        let go = findings[0]
        #expect(go.kev && go.fixed == ["0.17.0"] && go.aliases.contains("CVE-2023-39325"))
        #expect(findings[1].epss == 0.2 && findings[1].fixed == ["3.1.13", "3.2.5"])
        #expect(findings.allSatisfy { $0.source == "bom.cdx.json" })
        // Reports: JSON with the documented fields, SARIF and CycloneDX that parse.
        let json = try JSONSerialization.jsonObject(with: Data(ScanReport.json(findings, packages: 5, advisories: 7).utf8)) as? [String: Any]
        let first = try #require((json?["findings"] as? [[String: Any]])?.first)
        for key in ["package", "version", "ecosystem", "purl", "vulnerability", "aliases", "fixed", "severity", "cvss", "kev", "epss", "risk"] {
            #expect(first[key] != nil, "\(key)")
        }
        let sarif = try JSONSerialization.jsonObject(with: Data(ScanReport.sarif(findings, version: "test").utf8)) as? [String: Any]
        #expect(sarif?["version"] as? String == "2.1.0")
        let bom = try JSONSerialization.jsonObject(with: Data(ScanReport.cyclonedx(findings, version: "test").utf8)) as? [String: Any]
        #expect((bom?["vulnerabilities"] as? [Any])?.count == 3)
        #expect(ScanReport.table(findings).contains("GO-2023-2102 (CVE-2023-39325)"))
    }

    @Test func recordsThatNameEachOtherAreOneFinding() {
        func record(_ id: String, _ aliases: [String], cvss: String?, fixed: String) -> OSVRecord {
            OSVRecord(
                id: id, modified: "2024-01-01T00:00:00Z", aliases: aliases, severity: cvss.map { [OSVSeverity(type: "CVSS_V3", score: $0)] },
                affected: [
                    OSVAffected(
                        package: OSVPackage(ecosystem: "PyPI", name: "django"),
                        ranges: [OSVRange(type: "ECOSYSTEM", events: [OSVEvent(introduced: "0"), OSVEvent(fixed: fixed)])])
                ])
        }
        let index = AdvisoryIndex(
            records: [
                record("PYSEC-2021-109", ["CVE-2021-35042", "GHSA-xpfp-f569-q3p2"], cvss: nil, fixed: "3.2.5"),
                record("GHSA-xpfp-f569-q3p2", ["CVE-2021-35042"], cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", fixed: "3.2.5"),
                record("PYSEC-2099-1", ["CVE-2099-0001"], cvss: nil, fixed: "4.0"),
            ], epss: [EPSSScore(cve: "CVE-2021-35042", probability: 0.3, percentile: 0.9)])
        let findings = Scanner(index: index).scan([InventoryPackage(name: "django", version: "3.2.4", ecosystem: "PyPI")])
        #expect(findings.map(\.vulnerability) == ["GHSA-xpfp-f569-q3p2", "PYSEC-2099-1"])
        #expect(findings[0].aliases == ["CVE-2021-35042", "PYSEC-2021-109"])
        #expect(findings[0].cvss?.baseScore == 9.8 && findings[0].epss == 0.3 && findings[0].fixed == ["3.2.5"])
    }

    @Test func vexDocuments() throws {
        let now = Date()
        let openvex = """
            {"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"sec","timestamp":"2024-01-01T00:00:00Z","version":1,
             "statements":[{"vulnerability":{"name":"CVE-2021-35042"},"products":[{"@id":"pkg:pypi/django"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"},
                           {"vulnerability":{"name":"CVE-2"},"products":["pkg:pypi/x@1.0"],"status":"not_affected"}]}
            """
        let parsed = try VEXDocument.parse(Array(openvex.utf8), name: "vex.json", actor: "alice", now: now)
        #expect(parsed.statements.map(\.vulnerability) == ["CVE-2021-35042"])
        #expect(parsed.rejected.map(\.place) == ["vex.json: statements[1]"])
        #expect(VEXDocument.covers("pkg:pypi/django", purl: "pkg:pypi/django@3.2.4"))
        #expect(!VEXDocument.covers("pkg:pypi/django@3.2.5", purl: "pkg:pypi/django@3.2.4"))
        let cdx = """
            {"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"bom-ref":"c1","purl":"pkg:npm/lodash@4.17.20"}],
             "vulnerabilities":[{"id":"CVE-2021-23337","analysis":{"state":"not_affected","justification":"code_not_reachable"},"affects":[{"ref":"c1"}]}]}
            """
        let fromBOM = try VEXDocument.parse(Array(cdx.utf8), name: "bom.json", actor: "alice", now: now)
        #expect(fromBOM.statements.first?.product == "pkg:npm/lodash@4.17.20")
        #expect(fromBOM.statements.first?.justification == "code_not_reachable")
        #expect(throws: VersionError.self) { try VEXDocument.parse(Array("{}".utf8), name: "x", actor: "a", now: now) }
    }

    /// "0 findings" must not read as "safe" when the advisories cannot answer: an ecosystem without any advisory, or
    /// a database whose newest record is weeks old, is named.
    @Test func scanCoverageNamesWhatTheAdvisoriesCannotAnswer() throws {
        let record = OSVRecord(
            id: "DSA-1", modified: "2026-11-20T00:00:00Z",
            affected: [OSVAffected(package: OSVPackage(ecosystem: "Debian:12", name: "openssl"), ranges: [])])
        let index = AdvisoryIndex(records: [record])
        let packages = [
            InventoryPackage(name: "openssl", version: "3.0.1", ecosystem: "Debian:12"),
            InventoryPackage(name: "lodash", version: "4.17.20", ecosystem: "npm"),
            InventoryPackage(name: "react", version: "18.0.0", ecosystem: "npm"),
        ]
        let now = try #require(Timestamp.parse("2026-11-30T00:00:00Z"))
        let fresh = ScanCoverage.warnings(index: index, packages: packages, now: now)
        #expect(fresh.count == 1)
        #expect(fresh.first?.hasPrefix("no advisories for npm: its 2 packages cannot have findings") == true)
        let later = ScanCoverage.warnings(index: index, packages: Array(packages.prefix(1)), now: now.addingTimeInterval(30 * 86_400))
        #expect(
            later == [
                "the newest advisory was modified 40 days ago: advisories published since are missing — update the database (bulwark vuln db update)"
            ])
    }
}
