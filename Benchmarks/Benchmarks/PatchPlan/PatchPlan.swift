// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Foundation
import Patching
import Vulnerabilities

/// Remediation planning on real data (`../shared/data/vuln`, or BULWARK_SHARED_DATA): 1,000 assets of 300 packages
/// each (300,000 installed packages, about a fifth of them taken from the advisories' own versions), scanned first,
/// then every vulnerable package of every asset planned — the smallest fix that carries no advisory — as
/// `PatchingService.plan()` plans them once the findings are read. The scan of the same inventories is the peer
/// measured in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 7)
    let shared = ProcessInfo.processInfo.environment["BULWARK_SHARED_DATA"] ?? "../../shared/data"
    let batch = AdvisoryImport.read(paths: [shared + "/vuln"])
    let index = AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss)
    let oracle = BenchmarkOracle(index: index)
    let assets = fleet(batch.records, assets: 1_000, packages: 300)
    let scanner = Scanner(index: index)
    let planned = assets.map { packages in plannable(scanner.scan(packages)) }
    let lines = planned.map(\.count).reduce(0, +)
    let findings = planned.flatMap { $0.flatMap(\.findings) }.count
    FileHandle.standardError.write(
        Data(
            "PatchPlan: \(assets.count) assets × \(assets.first?.count ?? 0) packages; \(lines) vulnerable packages to plan, \(findings) findings\n"
                .utf8))

    Benchmark("Scan 1,000 assets × 300 packages (the peer)") { benchmark in
        for _ in benchmark.scaledIterations {
            for packages in assets { blackHole(scanner.scan(packages).count) }
        }
    }

    Benchmark("Plan every vulnerable package of 1,000 assets × 300 packages") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RemediationPlanner.planAll(planned.flatMap { $0 }, oracle: oracle).count)
        }
    }
}

/// The vulnerability area's index as Patching sees it: the same calls as the application's
/// `IndexAdvisoryOracle` (Sources/BulwarkApp/Areas/Patching), which this package cannot import.
struct BenchmarkOracle: AdvisoryOracle {
    let index: AdvisoryIndex

    func advisories(ecosystem: String, package: String, versions: [String]) -> [[(id: String, fixed: [String])]] {
        index.matchesWithFixes(ecosystem: ecosystem, name: package, versions: versions)
    }

    func compare(ecosystem: String, _ a: String, _ b: String) -> Int? { try? Ecosystem.scheme(ecosystem)?.compare(a, b) }

    func isPrerelease(ecosystem: String, version: String) -> Bool { Ecosystem.scheme(ecosystem)?.isPrerelease(version) ?? false }

    func sorted(ecosystem: String, _ versions: [String]) -> [String] { Ecosystem.scheme(ecosystem)?.sorted(versions) ?? [] }

    func fixedVersions(ecosystem: String, package: String) -> [String] { index.fixedVersions(ecosystem: ecosystem, name: package) }

    func firstAbove(ecosystem: String, _ versions: [String], in sorted: [String]) -> [Int] {
        Ecosystem.scheme(ecosystem)?.firstAbove(versions, in: sorted) ?? versions.map { _ in sorted.count }
    }
}

/// A scan's findings grouped by package, as the application hands them to planning.
func plannable(_ findings: [ScanFinding]) -> [PackageFindings] {
    Dictionary(grouping: findings) { "\($0.ecosystem)\u{1F}\($0.package)\u{1F}\($0.version)" }.values.compactMap { items in
        guard let first = items.first else { return nil }
        return PackageFindings(
            assetID: "asset", assetName: "asset", ecosystem: first.ecosystem, package: first.package, advisoryName: nil, version: first.version,
            findings: items.map {
                PlanFinding(
                    id: "\($0.package)@\($0.version):\($0.vulnerability)", vulnerability: $0.vulnerability, aliases: $0.aliases,
                    severity: $0.severity, risk: $0.risk, fixedVersions: $0.fixed, kev: $0.kev)
            })
    }
}

/// `assets` inventories of `packages` each: a fifth of each drawn from the (name, version) pairs of the advisories'
/// events and version lists, the rest packages no advisory names; deterministic.
func fleet(_ records: [OSVRecord], assets: Int, packages: Int) -> [[InventoryPackage]] {
    var pool: [InventoryPackage] = []
    for record in records {
        for affected in record.affected ?? [] {
            guard let package = affected.package, Ecosystem.scheme(package.ecosystem) != nil else { continue }
            let versions = (affected.ranges ?? []).filter { $0.type != "GIT" }.flatMap { $0.events.compactMap { $0.introduced ?? $0.fixed } }
            for version in (versions + (affected.versions ?? []).prefix(3)) where version != "0" {
                pool.append(InventoryPackage(name: package.name, version: version, ecosystem: package.ecosystem))
            }
        }
    }
    var seed: UInt64 = 7
    func next() -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int(seed >> 33)
    }
    let ecosystems = ["PyPI", "Go", "crates.io", "AlmaLinux:9"]
    return (0..<assets).map { asset in
        var chosen: [String: InventoryPackage] = [:]
        while chosen.count < packages / 5 {
            let package = pool[next() % pool.count]
            chosen["\(package.ecosystem) \(package.name)"] = package
        }
        var list = Array(chosen.values)
        for n in 0..<(packages - list.count) {
            list.append(InventoryPackage(name: "internal-lib-\(asset % 40)-\(n)", version: "1.\(n % 30).\(asset % 9)", ecosystem: ecosystems[n % 4]))
        }
        return list
    }
}
