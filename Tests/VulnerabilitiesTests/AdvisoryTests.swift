// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Vulnerabilities

func fixture(_ path: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

/// OSV import (JSON lines, zip, gzip, arrays), KEV and EPSS, and range evaluation as the OSV specification defines it.
@Suite struct AdvisoryTests {
    static func sample() throws -> AdvisoryIndex {
        let batch = AdvisoryImport.read(bytes: try fixture("osv/sample.jsonl"), name: "sample.jsonl")
        return AdvisoryIndex(records: batch.records)
    }

    @Test func jsonLinesZipAndGzipGiveTheSameRecords() throws {
        let lines = AdvisoryImport.read(bytes: try fixture("osv/sample.jsonl"), name: "sample.jsonl")
        #expect(lines.records.count == 7)
        #expect(lines.rejected.isEmpty)
        let zip = AdvisoryImport.read(bytes: try fixture("osv/sample.zip"), name: "sample.zip")
        #expect(Set(zip.records.map(\.id)) == Set(lines.records.map(\.id)))
        // The truncated entry is reported with its place; the others apply.
        #expect(zip.rejected.count == 1)
        #expect(zip.rejected.first?.place == "sample.zip!broken.json")
        // gzip of JSON lines, recognised by content.
        let gz = try gzip(try fixture("osv/sample.jsonl"))
        #expect(AdvisoryImport.read(bytes: gz, name: "sample.jsonl.gz").records.map(\.id) == lines.records.map(\.id))
    }

    @Test func aBadLineIsReportedWithItsLineAndTheRestApplies() {
        let text = """
            {"id":"A-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0"}]}]}]}
            {"id":"A-2","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"fixed":"1.0"}]}]}]}
            {"id":"A-3"}
            not json
            {"id":"A-4","modified":"2024-01-01T00:00:00Z"}
            """
        let batch = AdvisoryImport.read(bytes: Array(text.utf8), name: "feed.jsonl")
        #expect(batch.records.map(\.id) == ["A-1", "A-4"])
        #expect(batch.rejected.map(\.place) == ["feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4"])
        #expect(batch.rejected[0].reason.contains("no 'introduced'"))
        #expect(batch.rejected[1].reason.contains("modified"))
    }

    @Test func kevAndEPSS() {
        let kev = """
            {"title":"CISA Catalog","catalogVersion":"2025.08.25","count":2,"vulnerabilities":[
             {"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Log4Shell","dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known","requiredAction":"Apply updates."},
             {"vendorProject":"Nobody"}]}
            """
        let batch = AdvisoryImport.read(bytes: Array(kev.utf8), name: "kev.json")
        #expect(batch.kevCatalogVersion == "2025.08.25")
        #expect(batch.kev.map(\.cve) == ["CVE-2021-44228"])
        #expect(batch.kev.first?.usedByRansomware == true)
        #expect(batch.rejected.count == 1)
        let epss =
            "#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-1999-0001,0.03351,0.88255\nCVE-2021-44228,0.94,0.9999\nCVE-X,0.1,0.2\nCVE-2000-1,2,0.5\n"
        let scores = AdvisoryImport.read(bytes: Array(epss.utf8), name: "epss.csv")
        #expect(scores.epss.map(\.cve) == ["CVE-1999-0001", "CVE-2021-44228"])
        #expect(scores.epss.first?.date == "2026-09-29")
        #expect(scores.rejected.map(\.place) == ["epss.csv:5", "epss.csv:6"])
    }

    @Test func realAdvisoriesMatchAsTheirRangesSay() throws {
        let index = try Self.sample()
        // PYSEC-2021-109: introduced 3.1 fixed 3.1.13, introduced 3.2 fixed 3.2.5.
        #expect(index.matches(ecosystem: "PyPI", name: "Django", version: "3.2.4") == ["PYSEC-2021-109"])
        #expect(index.matches(ecosystem: "PyPI", name: "django", version: "3.2.5").isEmpty)
        #expect(index.matches(ecosystem: "PyPI", name: "django", version: "3.1.12") == ["PYSEC-2021-109"])
        #expect(index.matches(ecosystem: "PyPI", name: "django", version: "3.0.14").isEmpty)
        // PYSEC-2022-42969: last_affected 1.11.0 — affected at it, not after.
        #expect(index.matches(ecosystem: "PyPI", name: "py", version: "1.11.0") == ["PYSEC-2022-42969"])
        #expect(index.matches(ecosystem: "PyPI", name: "py", version: "1.11.1").isEmpty)
        // Go (SEMVER ranges), with and without the v prefix, and a pre-release boundary (introduced 1.21.0-0).
        #expect(index.matches(ecosystem: "Go", name: "golang.org/x/net", version: "v0.16.0") == ["GO-2023-2102"])
        #expect(index.matches(ecosystem: "Go", name: "golang.org/x/net", version: "0.17.0").isEmpty)
        #expect(index.matches(ecosystem: "Go", name: "stdlib", version: "1.21.0") == ["GO-2023-2102"])
        #expect(index.matches(ecosystem: "Go", name: "stdlib", version: "1.20.10").isEmpty)
        // Withdrawn: GO-2022-0617 stops matching.
        #expect(index.matches(ecosystem: "Go", name: "k8s.io/kubernetes", version: "1.0.0").isEmpty)
        #expect(index.records["GO-2022-0617"]?.withdrawn != nil)
        // crates.io with introduced 0.0.0-0.
        #expect(index.matches(ecosystem: "crates.io", name: "cap-primitives", version: "3.4.0") == ["RUSTSEC-2024-0445"])
        #expect(index.matches(ecosystem: "crates.io", name: "cap-primitives", version: "3.4.1").isEmpty)
        // AlmaLinux:9 RPM versions; another release does not match, no release matches any.
        #expect(index.matches(ecosystem: "AlmaLinux:9", name: "openssh", version: "8.7p1-34.el9") == ["ALSA-2024:4312"])
        #expect(index.matches(ecosystem: "AlmaLinux:9", name: "openssh", version: "8.7p1-38.el9_4.1").isEmpty)
        #expect(index.matches(ecosystem: "AlmaLinux:8", name: "openssh", version: "8.7p1-34.el9").isEmpty)
        #expect(index.matches(ecosystem: "AlmaLinux", name: "openssh", version: "8.7p1-34.el9") == ["ALSA-2024:4312"])
        // The versions[] list alone decides for a version the ranges cannot read.
        #expect(index.matches(ecosystem: "PyPI", name: "python-fedora", version: "0.8.0") == ["PYSEC-2017-27"])
        // CVSS v4 vector of the RustSec record is scored; fixes listed per package.
        #expect(index.records["RUSTSEC-2024-0445"]?.bestCVSS?.version == "4.0")
        #expect(index.records["PYSEC-2021-109"]?.fixedVersions(ecosystem: "PyPI", name: "Django") == ["3.1.13", "3.2.5"])
    }

    @Test func rangeEvaluationFollowsTheSpecification() {
        func affected(_ events: [OSVEvent], versions: [String] = [], _ version: String) -> Bool {
            let entry = OSVAffected(
                package: OSVPackage(ecosystem: "PyPI", name: "x"), ranges: [OSVRange(type: "ECOSYSTEM", events: events)], versions: versions)
            let ranges = AffectedRanges(entry, scheme: .pep440)
            return ranges.affects(version, key: try? VersionScheme.pep440.key(version))
        }
        // Unsorted events are sorted; several introduced/fixed pairs.
        let events = [OSVEvent(fixed: "2.0"), OSVEvent(introduced: "3.0"), OSVEvent(introduced: "1.0"), OSVEvent(fixed: "4.0")]
        #expect(!affected(events, "0.9"))
        #expect(affected(events, "1.0"))
        #expect(!affected(events, "2.0"))
        #expect(!affected(events, "2.5"))
        #expect(affected(events, "3.5"))
        #expect(!affected(events, "4.0"))
        // Introduced without an end: everything after.
        #expect(affected([OSVEvent(introduced: "1.0")], "99"))
        // limit: versions at or after the limit are outside the range.
        #expect(affected([OSVEvent(introduced: "0"), OSVEvent(limit: "2.0")], "1.5"))
        #expect(!affected([OSVEvent(introduced: "0"), OSVEvent(limit: "2.0")], "2.0"))
        // last_affected is included.
        #expect(affected([OSVEvent(introduced: "1.0"), OSVEvent(lastAffected: "1.5")], "1.5"))
        #expect(!affected([OSVEvent(introduced: "1.0"), OSVEvent(lastAffected: "1.5")], "1.5.1"))
        // Pre-releases sort before the fix.
        #expect(affected([OSVEvent(introduced: "0"), OSVEvent(fixed: "2.0")], "2.0rc1"))
        // An unreadable version matches only through versions[].
        #expect(affected([OSVEvent(introduced: "0")], versions: ["weird-1"], "weird-1"))
        #expect(!affected([OSVEvent(introduced: "0")], "weird-2"))
    }

    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
