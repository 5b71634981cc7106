// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkApp
import BulwarkCore
import Patching
import Testing
import Vulnerabilities

/// Target versions chosen over real OSV records and the ecosystems' own version orders (the application's oracle over
/// the vulnerability area's index): the smallest clean fix, never a fix that carries another advisory, never a
/// pre-release for a package on a release.
@Suite struct RemediationPlannerTests {
    /// An OSV record affecting one package with the given ranges, each a list of events.
    static func record(_ id: String, _ ecosystem: String, _ name: String, _ ranges: [[OSVEvent]], aliases: [String] = []) -> OSVRecord {
        OSVRecord(
            id: id, modified: "2024-01-01T00:00:00Z", aliases: aliases, summary: id,
            affected: [
                OSVAffected(
                    package: OSVPackage(ecosystem: ecosystem, name: name), ranges: ranges.map { OSVRange(type: "ECOSYSTEM", events: $0) })
            ])
    }

    static func finding(_ record: OSVRecord, severity: Severity = .high, risk: Double = 50) -> PlanFinding {
        let fixed = (record.affected ?? []).flatMap { ($0.ranges ?? []).flatMap { $0.events.compactMap(\.fixed) } }
        return PlanFinding(
            id: "f-" + record.id, vulnerability: record.id, aliases: record.aliases ?? [], severity: severity, risk: risk, fixedVersions: fixed)
    }

    /// The findings of an installed version: the records that affect it, as a scan would find them.
    static func plan(_ records: [OSVRecord], _ ecosystem: String, _ name: String, _ version: String, severity: [String: Severity] = [:])
        -> PlanLine
    {
        let index = AdvisoryIndex(records: records)
        let affecting = Set(index.matches(ecosystem: ecosystem, name: name, version: version))
        let findings = records.filter { affecting.contains($0.id) }.map { finding($0, severity: severity[$0.id] ?? .high) }
        return RemediationPlanner.plan(
            ecosystem: ecosystem, package: name, version: version, findings: findings, oracle: IndexAdvisoryOracle(index: index))
    }

    @Test func theFirstFixThatCarriesAnotherAdvisoryIsPassedOver() {
        let first = Self.record("PYSEC-A", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "2.0.1")]])
        // 2.0.1 brought a new flaw, fixed in 2.0.3.
        let second = Self.record("PYSEC-B", "PyPI", "demo", [[OSVEvent(introduced: "2.0.1"), OSVEvent(fixed: "2.0.3")]])
        let line = Self.plan([first, second], "PyPI", "demo", "1.9")
        #expect(line.toVersion == "2.0.3")
        #expect(line.findingIDs == ["f-PYSEC-A"] && line.residual.isEmpty && line.noFix.isEmpty)
        #expect(line.majorUpgrade, "1.9 → 2.0.3 changes the major version")
        #expect(line.riskRemoved == 50)
    }

    /// The only fix of the finding carries an advisory nobody has fixed; a later release, named as fixed by an
    /// advisory of another line that neither affects, is clean: that is the target, not the affected fix.
    @Test func aCleanFixNamedByAnUnrelatedAdvisoryIsChosen() {
        let finding = Self.record("PYSEC-F", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "2.0")]])
        let unfixed = Self.record("PYSEC-U", "PyPI", "demo", [[OSVEvent(introduced: "2.0"), OSVEvent(lastAffected: "2.0")]])
        let otherLine = Self.record("PYSEC-O", "PyPI", "demo", [[OSVEvent(introduced: "2.1"), OSVEvent(fixed: "2.1.1")]])
        let line = Self.plan([finding, unfixed, otherLine], "PyPI", "demo", "1.0")
        #expect(line.toVersion == "2.1.1" && line.findingIDs == ["f-PYSEC-F"] && line.residual.isEmpty)
        // Without the other line's fix, the affected fix is the best there is, and says what still affects it.
        let alone = Self.plan([finding, unfixed], "PyPI", "demo", "1.0")
        #expect(alone.toVersion == "2.0" && alone.residual == [PlanLine.Residual(advisory: "PYSEC-U", reason: "affects 2.0 itself")])
    }

    @Test func severalRangesAndTheInstalledLine() {
        // Fixed per release line: 1.2.5 for 1.x, 2.0.4 for 2.x; from 2.0.1 only 2.0.4 helps, and it is no major jump.
        let record = Self.record(
            "GHSA-r", "PyPI", "demo",
            [[OSVEvent(introduced: "0"), OSVEvent(fixed: "1.2.5")], [OSVEvent(introduced: "2.0"), OSVEvent(fixed: "2.0.4")]])
        let line = Self.plan([record], "PyPI", "demo", "2.0.1")
        #expect(line.toVersion == "2.0.4" && !line.majorUpgrade)
        #expect(Self.plan([record], "PyPI", "demo", "1.1").toVersion == "1.2.5", "the smallest fix above 1.1 is its own line's")
    }

    @Test func lastAffectedWithoutAFixIsNoFixAvailable() {
        let record = Self.record("GHSA-l", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(lastAffected: "3.1")]])
        let line = Self.plan([record], "PyPI", "demo", "3.0")
        #expect(line.toVersion == nil && line.noFix == ["f-GHSA-l"] && line.findingIDs.isEmpty)
        #expect(Self.plan([record], "PyPI", "demo", "3.2").noFix.isEmpty, "3.2 is past the last affected version: no finding")
    }

    @Test func preReleasesOnlyForAPackageOnOne() {
        // Fixed first in 3.0.0-rc.1; 3.0.0 brought it back, fixed again in 3.0.1.
        let record = Self.record(
            "GHSA-p", "npm", "demo",
            [[OSVEvent(introduced: "0"), OSVEvent(fixed: "3.0.0-rc.1")], [OSVEvent(introduced: "3.0.0"), OSVEvent(fixed: "3.0.1")]])
        #expect(Self.plan([record], "npm", "demo", "2.9.0").toVersion == "3.0.1", "a release for a package on a release")
        #expect(Self.plan([record], "npm", "demo", "3.0.0-beta.1").toVersion == "3.0.0-rc.1", "a pre-release for one on a pre-release")
        let python = Self.record(
            "PYSEC-p", "PyPI", "demo",
            [[OSVEvent(introduced: "0"), OSVEvent(fixed: "4.0rc1")], [OSVEvent(introduced: "4.0"), OSVEvent(fixed: "4.0.1")]])
        #expect(Self.plan([python], "PyPI", "demo", "3.9").toVersion == "4.0.1")
        #expect(Self.plan([python], "PyPI", "demo", "4.0b2").toVersion == "4.0rc1")
    }

    @Test func withoutACleanVersionTheOneThatFixesEveryFindingAndWhatStillAffectsIt() {
        let fixed = Self.record("PYSEC-f", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "1.5")]])
        let forever = Self.record("PYSEC-x", "PyPI", "demo", [[OSVEvent(introduced: "1.4")]])
        let line = Self.plan([fixed, forever], "PyPI", "demo", "1.0")
        #expect(line.toVersion == "1.5" && line.findingIDs == ["f-PYSEC-f"])
        #expect(line.residual == [PlanLine.Residual(advisory: "PYSEC-x", reason: "affects 1.5 itself")])
    }

    @Test func whenNoVersionFixesAllTheMostSevereAreFixedAndTheRestListed() {
        let critical = Self.record("PYSEC-c", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "2.0")]])
        // Fixed in 1.1, back from 1.9 on with no fix.
        let low = Self.record("PYSEC-l", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "1.1")], [OSVEvent(introduced: "1.9")]])
        let line = Self.plan([critical, low], "PyPI", "demo", "1.0", severity: ["PYSEC-c": .critical, "PYSEC-l": .low])
        #expect(line.toVersion == "2.0", "the critical finding decides")
        #expect(line.findingIDs == ["f-PYSEC-c"])
        #expect(line.residual == [PlanLine.Residual(advisory: "PYSEC-l", reason: "not fixed in 2.0")])
    }

    @Test func aDistributionPackageTakesItsSourcesFixedVersion() {
        let record = Self.record("DSA-1", "Debian:12", "openssh", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "1:9.2p1-2+deb12u3")]])
        let index = AdvisoryIndex(records: [record])
        let line = RemediationPlanner.plan(
            ecosystem: "Debian:12", package: "openssh-server", advisoryName: "openssh", version: "1:9.2p1-2+deb12u2",
            findings: [Self.finding(record)], oracle: IndexAdvisoryOracle(index: index))
        #expect(line.package == "openssh-server" && line.toVersion == "1:9.2p1-2+deb12u3" && !line.majorUpgrade)
    }

    /// The patch policy holds major upgrades back: the same-major backport is chosen where there is one, and the
    /// finding only the next major fixes is listed as held back (not as "no fix").
    @Test func aPolicyThatHoldsMajorUpgradesKeepsTheLineAndListsWhatStaysOpen() throws {
        let backported = Self.record(
            "GHSA-b", "npm", "demo",
            [[OSVEvent(introduced: "0"), OSVEvent(fixed: "1.4.2")], [OSVEvent(introduced: "2.0.0"), OSVEvent(fixed: "2.1.0")]])
        let onlyNext = Self.record("GHSA-n", "npm", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "2.1.0")]])
        let index = AdvisoryIndex(records: [backported, onlyNext])
        let findings = [Self.finding(backported), Self.finding(onlyNext)]
        let policy = try PatchPolicy.parse(
            """
            major_upgrades: allow
            rules:
              - tag: legacy
                major_upgrades: hold
              - ecosystem: npm
                tag: lab
                major_upgrades: allow
              - ecosystem: npm
                major_upgrades: hold
            """, path: "policy.yml")
        #expect(!policy.allowsMajor(ecosystem: "npm", tags: []) && policy.allowsMajor(ecosystem: "npm", tags: ["lab"]))
        #expect(policy.allowsMajor(ecosystem: "PyPI", tags: []) && !policy.allowsMajor(ecosystem: "PyPI", tags: ["Legacy"]))
        #expect(!PatchPolicy(rules: [.init(ecosystem: "Debian", allowMajor: false)]).allowsMajor(ecosystem: "Debian:12", tags: []))

        func plan(_ allowMajor: Bool) -> PlanLine {
            RemediationPlanner.plan(
                ecosystem: "npm", package: "demo", version: "1.4.0", findings: findings, oracle: IndexAdvisoryOracle(index: index),
                allowMajor: allowMajor)
        }
        let allowed = plan(true)
        #expect(allowed.toVersion == "2.1.0" && allowed.majorUpgrade && allowed.findingIDs == ["f-GHSA-b", "f-GHSA-n"] && allowed.heldBack.isEmpty)
        let held = plan(policy.allowsMajor(ecosystem: "npm", tags: []))
        #expect(held.toVersion == "1.4.2" && !held.majorUpgrade)
        #expect(held.findingIDs == ["f-GHSA-b"] && held.heldBack == ["f-GHSA-n"] && held.noFix.isEmpty)
        // Nothing in the installed major fixes the only finding: no target, the finding held back.
        let none = RemediationPlanner.plan(
            ecosystem: "npm", package: "demo", version: "1.4.0", findings: [Self.finding(onlyNext)],
            oracle: IndexAdvisoryOracle(index: AdvisoryIndex(records: [onlyNext])), allowMajor: false)
        #expect(none.toVersion == nil && none.heldBack == ["f-GHSA-n"] && none.noFix.isEmpty)
    }

    @Test func aBadPolicyFileIsRefusedWithItsLine() {
        func problem(_ text: String) -> String {
            do {
                _ = try PatchPolicy.parse(text, path: "p.yml")
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(problem("major_upgrades: never\n") == "p.yml:1: 'major_upgrades' must be allow or hold")
        #expect(problem("rules:\n  - major_upgrades: hold\n") == "p.yml:2: a rule names an ecosystem, a tag or both")
        #expect(
            problem("rules:\n  - ecosystem: npm\n    major_upgrades: hold\n  - ecosystem: Cobol\n    major_upgrades: hold\n").hasPrefix(
                "p.yml:4: 'Cobol' is not an ecosystem"))
        #expect(problem("rules:\n  - tag: x\n    major: hold\n").hasPrefix("p.yml:3: unknown key 'major'"))
    }

    /// Planning many assets decides each situation once: the shared line carries each asset's own ids and risk, and
    /// equals the line planned on its own.
    @Test func planningManyAssetsGivesEachItsOwnFindingsAndRisk() {
        let first = Self.record("PYSEC-A", "PyPI", "demo", [[OSVEvent(introduced: "0"), OSVEvent(fixed: "2.0.1")]])
        let second = Self.record("PYSEC-B", "PyPI", "demo", [[OSVEvent(introduced: "2.0.1"), OSVEvent(fixed: "2.0.3")]])
        let oracle = IndexAdvisoryOracle(index: AdvisoryIndex(records: [first, second]))
        func item(_ asset: String, risk: Double) -> PackageFindings {
            PackageFindings(
                assetID: asset, assetName: asset, ecosystem: "PyPI", package: "demo", advisoryName: nil, version: "1.9",
                findings: [
                    PlanFinding(id: "\(asset)-A", vulnerability: "PYSEC-A", severity: .high, risk: risk, fixedVersions: ["2.0.1"])
                ])
        }
        let items = [item("a1", risk: 40), item("a2", risk: 70), item("a3", risk: 40)]
        let lines = RemediationPlanner.planAll(items, oracle: oracle)
        #expect(lines.map(\.findingIDs) == [["a1-A"], ["a2-A"], ["a3-A"]])
        #expect(lines.map(\.riskRemoved) == [40, 70, 40])
        for (item, line) in zip(items, lines) {
            let alone = RemediationPlanner.plan(
                ecosystem: item.ecosystem, package: item.package, version: item.version, findings: item.findings, oracle: oracle)
            #expect(line == alone)
        }
        #expect(lines.allSatisfy { $0.toVersion == "2.0.3" })
        let held = RemediationPlanner.planAll(items, oracle: oracle) { $0.assetID == "a2" ? false : true }
        #expect(held[1].toVersion == nil && held[1].heldBack == ["a2-A"] && held[0].toVersion == "2.0.3", "the policy is part of the decision")
    }
}
