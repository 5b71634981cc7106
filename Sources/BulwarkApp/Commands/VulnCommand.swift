// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Vulnerabilities

/// `bulwark vuln scan|db import|db update|inventory import`: inventories against advisories, offline or into the data directory.
struct VulnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vuln",
        abstract: "Scan inventories for known vulnerabilities; import advisories (OSV, CISA KEV, EPSS).",
        subcommands: [VulnScanCommand.self, VulnDBCommand.self, VulnInventoryCommand.self])
}

struct VulnScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan inventory files against advisories, offline (for CI pipelines); exit 1 when a finding reaches --fail-on.",
        discussion: """
            INVENTORY files: CycloneDX JSON (1.4–1.6), SPDX JSON (2.3), a dpkg status file, `rpm -qa --qf '%{NAME} \
            %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH}\\n'` output, Alpine's /lib/apk/db/installed, requirements.txt / pip \
            freeze, poetry.lock, package-lock.json (v1–v3), go.mod, go.sum, Cargo.lock, Gemfile.lock, composer.lock — \
            recognised by name and content.

            --db: OSV files (JSON, JSON lines, directories, zip, gzip), the CISA KEV catalog JSON and EPSS CSV files, \
            or a Bulwark data directory whose advisories were imported with `bulwark vuln db import`.

            Output: a table (default); json {"findings":[{package, version, ecosystem, purl, vulnerability, aliases, fixed, \
            severity, cvss, cvss_vector, kev, epss, risk, decision, reasons, summary, source}], …}; sarif (2.1.0); \
            cyclonedx (1.5 BOM with vulnerabilities). Findings are sorted by risk (0–100: CVSS × EPSS/KEV × asset weight).

            Warnings on standard error: an ecosystem of the inventory with no advisory in --db (its packages cannot have \
            findings), and advisories whose newest record is more than 14 days old.

            Examples:
              bulwark vuln scan requirements.txt --db osv-pypi.zip --fail-on high
              bulwark vuln scan /var/lib/dpkg/status --ecosystem Debian:12 --db ./bulwark-data --format json
            """)

    @Argument(help: ArgumentHelp("Inventory files.", valueName: "INVENTORY"))
    var inventories: [String] = []

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Advisory files or directories, a Bulwark data directory, or a Bulwark database (sqlite:PATH, postgres://USER:PASS@HOST/DB).",
            valueName: "PATH"))
    var db: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output: table, json, sarif or cyclonedx.", valueName: "FORMAT"))
    var format: String = "table"

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp("Exit 1 when a finding has this severity or higher (low, medium, high, critical).", valueName: "SEVERITY"))
    var failOn: String?

    @Option(
        name: .long, help: ArgumentHelp("Release of OS packages the file does not name, e.g. Debian:12, AlmaLinux:9, Alpine:v3.20.", valueName: "ECO")
    )
    var ecosystem: String?

    @Option(
        name: .customLong("inventory-format"),
        help: ArgumentHelp(
            "Read every inventory as this format instead of recognising it (\(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "FORMAT"))
    var inventoryFormat: String?

    @Flag(name: .long, help: "Scan the readable entries of an inventory that has malformed ones (they are listed on standard error).")
    var partial = false

    func validate() throws {
        if inventories.isEmpty { throw ValidationError("name at least one inventory file") }
        if db.isEmpty { throw ValidationError("--db is required: advisory files or a Bulwark data directory") }
        if !["table", "json", "sarif", "cyclonedx"].contains(format) { throw ValidationError("--format must be table, json, sarif or cyclonedx") }
        if let failOn, Severity(rawValue: failOn.lowercased()) == nil { throw ValidationError("--fail-on must be low, medium, high or critical") }
        if let inventoryFormat, InventoryFormat(rawValue: inventoryFormat) == nil {
            throw ValidationError("--inventory-format must be one of \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let index = try await AdvisorySource.load(paths: db)
        let scanner = Scanner(index: index)
        var findings: [ScanFinding] = []
        var packageCount = 0
        var scanned: [InventoryPackage] = []
        var failed = false
        for path in inventories {
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot be read") }
            let parsed: ParsedInventory
            do {
                parsed = try InventoryParser.parse(
                    bytes: [UInt8](data), name: path, format: inventoryFormat.flatMap(InventoryFormat.init(rawValue:)), ecosystem: ecosystem)
            } catch {
                throw InputError("\(error)")
            }
            for note in parsed.skipped { printError("\(note.place): skipped: \(note.reason)") }
            for rejected in parsed.rejected { printError("\(rejected.place): \(rejected.reason)") }
            if !parsed.rejected.isEmpty && !partial { failed = true; continue }
            packageCount += parsed.packages.count
            scanned += parsed.packages
            findings += scanner.scan(parsed.packages, source: path)
        }
        if failed { throw InputError("some inventories have malformed entries (listed above); fix them or scan with --partial") }
        findings.sort { ($0.risk, $1.package, $1.vulnerability) > ($1.risk, $0.package, $0.vulnerability) }
        let output: String
        switch format {
        case "json": output = ScanReport.json(findings, packages: packageCount, advisories: index.records.count)
        case "sarif": output = ScanReport.sarif(findings, version: bulwarkVersion)
        case "cyclonedx": output = ScanReport.cyclonedx(findings, version: bulwarkVersion)
        default: output = ScanReport.table(findings)
        }
        FileHandle.standardOutput.write(Data((output.hasSuffix("\n") ? output : output + "\n").utf8))
        for warning in ScanCoverage.warnings(index: index, packages: scanned, now: Date()) { printError("warning: \(warning)") }
        printError(
            "\(packageCount) packages, \(findings.count) findings (\(Set(findings.map(\.vulnerability)).count) vulnerabilities), \(index.records.count) advisories"
        )
        if let failOn, let threshold = Severity(rawValue: failOn.lowercased()), findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }
}
