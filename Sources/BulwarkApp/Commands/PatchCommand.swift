// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Patching
import Vulnerabilities

/// `bulwark patch plan`: the remediation plan of inventory files offline (for CI), or of an asset of the data directory.
struct PatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch", abstract: "Plan the upgrades that fix known vulnerabilities: offline for CI, or for an asset of the server.",
        subcommands: [PatchPlanCommand.self])
}

struct PatchPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The smallest upgrade of each vulnerable package that fixes its findings and carries no known advisory.",
        discussion: """
            Offline, like `vuln scan`: INVENTORY files against --db advisories (the same formats). With --asset NAME: the \
            open findings of that asset in the data directory (--data or --database), as the server plans them.

            Output: a table (default); json {"lines":[{asset_name, ecosystem, package, from_version, to_version, \
            finding_ids, risk_removed, residual, no_fix, held_back, major_upgrade}]}; shell (a bash script that applies the \
            upgrades on this host and checks each version after); ansible (a playbook for --host). Packages with no \
            fix are listed on standard error.

            --policy FILE holds major upgrades back as the server's --patch-policy does (per ecosystem; with --asset \
            also per asset tag): the findings only a major upgrade fixes are then listed as held back.

            Exit 1 when a finding at --fail-on or above has no fix (nothing can close it), as `vuln scan` exits 1 on \
            findings; 2 on usage or input errors.

            Examples:
              bulwark patch plan requirements.txt --db osv/PyPI.zip
              bulwark patch plan requirements.txt --db osv/PyPI.zip --format shell > upgrade.sh && PYTHON=.venv/bin/python bash upgrade.sh
              bulwark patch plan --asset web-prod-01 --data ./bulwark-demo --format ansible > web-prod-01.yml
            """)

    @Argument(help: ArgumentHelp("Inventory files (offline).", valueName: "INVENTORY"))
    var inventories: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Advisory files or a Bulwark data directory (offline).", valueName: "PATH"))
    var db: [String] = []

    @Option(name: .long, help: ArgumentHelp("Plan this asset of the data directory instead of inventory files.", valueName: "NAME"))
    var asset: String?

    @Option(name: .long, help: ArgumentHelp("Output: table, json, shell or ansible.", valueName: "FORMAT"))
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("The host name the playbook targets (default: the asset's, else localhost).", valueName: "HOST"))
    var host: String?

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp("Exit 1 when a finding of this severity or higher has no fix (low, medium, high, critical).", valueName: "SEVERITY"))
    var failOn: String?

    @Option(name: .long, help: ArgumentHelp("Release of OS packages the file does not name, e.g. Debian:12.", valueName: "ECO"))
    var ecosystem: String?

    @Option(name: .long, help: ArgumentHelp("A patch policy file (as --patch-policy of serve).", valueName: "FILE"))
    var policy: String?

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if asset == nil && inventories.isEmpty { throw ValidationError("name inventory files (with --db), or --asset NAME") }
        if asset != nil && !inventories.isEmpty { throw ValidationError("--asset plans the server's data: give no inventory files with it") }
        if asset == nil && db.isEmpty { throw ValidationError("--db is required with inventory files") }
        if !["table", "json", "shell", "ansible"].contains(format) { throw ValidationError("--format must be table, json, shell or ansible") }
        if let failOn, Severity(rawValue: failOn.lowercased()) == nil { throw ValidationError("--fail-on must be low, medium, high or critical") }
    }

    func run() async throws {
        var policy = PatchPolicy()
        if let path = self.policy {
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError("--policy: cannot read \(path)") }
            do { policy = try PatchPolicy.parse(String(decoding: data, as: UTF8.self), path: path) } catch { throw InputError("\(error)") }
        }
        var lines: [AssetPlanLine]
        var severities: [String: Severity] = [:]
        var hostName = host ?? "localhost"
        if let asset {
            let platform = try await openPlatform(storage, existing: true)
            do {
                guard let target = try await platform.foundation.inventory.findAsset(name: asset) else {
                    throw InputError("--asset: no asset named '\(asset)'")
                }
                hostName = host ?? target.hostnames.first ?? target.name
                lines = try await platform.patching.service.planning(under: policy).plan(assetID: target.id)
                let findings = try await platform.vulnerabilities.service.list(
                    FindingQuery(assetID: target.id), page: PageRequest(limit: PageRequest.maximumLimit))
                for finding in findings.items { severities[finding.id] = finding.severity }
                await platform.close()
            } catch {
                await platform.close()
                throw error
            }
        } else {
            (lines, severities) = try await offlinePlan(policy: policy)
        }
        let output: String
        switch format {
        case "json": output = try Self.json(lines)
        case "shell", "ansible": output = try Self.artefact(format == "shell" ? .shell : .ansible, lines: lines, host: hostName)
        default: output = Self.table(lines)
        }
        FileHandle.standardOutput.write(Data((output.hasSuffix("\n") ? output : output + "\n").utf8))
        let unfixed = lines.flatMap { item in item.line.noFix.map { (item.line, $0) } }
        for (line, id) in unfixed { printError("no fix available: \(line.package) \(line.fromVersion) (\(line.ecosystem)): \(id)") }
        let upgrades = lines.filter { $0.line.toVersion != nil }.count
        printError("\(lines.count) packages to plan, \(upgrades) with an upgrade, \(unfixed.count) findings without a fix")
        if let failOn, let threshold = Severity(rawValue: failOn.lowercased()),
            unfixed.contains(where: { (severities[$0.1] ?? .low) >= threshold })
        {
            throw ExitCode(1)
        }
    }

    /// Scans the files and plans each vulnerable package against the same advisories.
    func offlinePlan(policy: PatchPolicy) async throws -> ([AssetPlanLine], [String: Severity]) {
        let index = try await AdvisorySource.load(paths: db)
        let scanner = Scanner(index: index)
        let oracle = IndexAdvisoryOracle(index: index)
        var lines: [AssetPlanLine] = []
        var pending: [PackageFindings] = []
        var severities: [String: Severity] = [:]
        for path in inventories {
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot be read") }
            let parsed: ParsedInventory
            do { parsed = try InventoryParser.parse(bytes: [UInt8](data), name: path, ecosystem: ecosystem) } catch { throw InputError("\(error)") }
            for rejected in parsed.rejected { printError("\(rejected.place): \(rejected.reason)") }
            if !parsed.rejected.isEmpty { throw InputError("\(path) has malformed entries (listed above)") }
            let findings = scanner.scan(parsed.packages, source: path)
            let grouped = Dictionary(grouping: findings) { "\($0.ecosystem)\u{1F}\($0.package)\u{1F}\($0.version)" }
            for (_, items) in grouped {
                guard let first = items.first else { continue }
                let package = parsed.packages.first { $0.name == first.package && $0.ecosystem == first.ecosystem }
                let planFindings = items.map { item in
                    let id = "\(item.package)@\(item.version):\(item.vulnerability)"
                    severities[id] = item.severity
                    return PlanFinding(
                        id: id, vulnerability: item.vulnerability, aliases: item.aliases, severity: item.severity, risk: item.risk,
                        fixedVersions: item.fixed, kev: item.kev)
                }
                pending.append(
                    PackageFindings(
                        assetID: path, assetName: path, ecosystem: first.ecosystem, package: first.package, advisoryName: package?.sourceName,
                        version: first.version, findings: planFindings))
            }
        }
        // One pass over every file, so that what affects a candidate version is looked up once.
        let planned = RemediationPlanner.planAll(pending, oracle: oracle) { policy.allowsMajor(ecosystem: $0.ecosystem, tags: []) }
        lines = zip(pending, planned).map { item, line in AssetPlanLine(assetID: item.assetID, assetName: item.assetName, line: line) }
        lines.sort { a, b in
            a.line.riskRemoved != b.line.riskRemoved
                ? a.line.riskRemoved > b.line.riskRemoved : (a.assetName, a.line.package) < (b.assetName, b.line.package)
        }
        return (lines, severities)
    }

    static func table(_ lines: [AssetPlanLine]) -> String {
        let rows = lines.map { item -> [String] in
            let line = item.line
            return [
                line.package, line.ecosystem, line.fromVersion, (line.toVersion ?? "no fix") + (line.majorUpgrade ? " (major)" : ""),
                String(line.findingIDs.count), String(format: "%.1f", line.riskRemoved),
                (line.residual.map { "\($0.advisory): \($0.reason)" } + line.noFix.map { "no fix: \($0)" }
                    + line.heldBack.map { "held back (major): \($0)" }).joined(separator: "; "),
            ]
        }
        let header = ["PACKAGE", "ECOSYSTEM", "INSTALLED", "UPGRADE TO", "CLOSES", "RISK", "STILL OPEN"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map {
                $0.offset == row.count - 1 ? $0.element : $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func json(_ lines: [AssetPlanLine]) throws -> String {
        let objects: [[String: Any]] = lines.map { item in
            let line = item.line
            return [
                "asset_name": item.assetName, "ecosystem": line.ecosystem, "package": line.package, "from_version": line.fromVersion,
                "to_version": line.toVersion as Any? ?? NSNull(), "finding_ids": line.findingIDs, "risk_removed": line.riskRemoved,
                "residual": line.residual.map { ["advisory": $0.advisory, "reason": $0.reason] }, "no_fix": line.noFix,
                "held_back": line.heldBack, "major_upgrade": line.majorUpgrade,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: ["lines": objects], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The plan's upgrades as one job on one host, written as the server writes a job's artefacts.
    static func artefact(_ kind: PatchArtefacts.Kind, lines: [AssetPlanLine], host: String) throws -> String {
        let changes = lines.compactMap { item -> PatchJobLine? in
            guard let target = item.line.toVersion else { return nil }
            return PatchJobLine(
                assetID: "local", assetName: host, ecosystem: item.line.ecosystem, package: item.line.package, fromVersion: item.line.fromVersion,
                toVersion: target, findingIDs: item.line.findingIDs, riskRemoved: item.line.riskRemoved, majorUpgrade: item.line.majorUpgrade)
        }
        let job = PatchJob(
            id: "plan", title: "Upgrades planned by bulwark patch plan", emergency: false, windowID: nil, reboot: .ifRequired, rollbackNotes: nil,
            lines: changes, assets: [PatchJobAsset(assetID: "local", assetName: host, host: host)], requiredApprovals: 0, createdBy: "cli",
            at: Date())
        do { return try PatchArtefacts.render(kind, job: job, generatedAt: Date()) } catch { throw InputError("\(error)") }
    }
}
