// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Foundation
import Vulnerabilities

/// Vulnerability matching on real data (`../shared/data/vuln`, or BULWARK_SHARED_DATA): reading every advisory file
/// (17,948 OSV records, the KEV catalog, EPSS) and indexing them, and scanning an inventory of 10,000 packages —
/// names and versions drawn from the advisories (about half of them affected) plus packages no advisory names.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
        maxDuration: .seconds(20), maxIterations: 30)
    let shared = ProcessInfo.processInfo.environment["BULWARK_SHARED_DATA"] ?? "../../shared/data"
    let path = shared + "/vuln"

    Benchmark("Read and index all of shared/data/vuln (OSV, KEV, EPSS)", configuration: .init(metrics: [.wallClock], maxIterations: 5)) { benchmark in
        for _ in benchmark.scaledIterations {
            let batch = AdvisoryImport.read(paths: [path])
            blackHole(AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss).affectedEntryCount)
        }
    }

    let batch = AdvisoryImport.read(paths: [path])
    let index = AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss)
    let packages = inventory(batch.records, count: 10_000)
    let findings = Scanner(index: index).scan(packages)
    FileHandle.standardError.write(
        Data(
            "VulnScan: \(batch.records.count) records, \(index.affectedEntryCount) affected entries; the 10,000 packages give \(findings.count) findings on \(Set(findings.map { "\($0.ecosystem) \($0.package) \($0.version)" }).count) vulnerable package versions\n"
                .utf8))

    Benchmark("Scan an inventory of 10,000 packages") { benchmark in
        let scanner = Scanner(index: index)
        for _ in benchmark.scaledIterations {
            blackHole(scanner.scan(packages).count)
        }
    }
}

/// 10,000 packages: 5,000 (name, version) pairs taken from the advisories' events and version lists, 5,000 that no
/// advisory names; deterministic.
func inventory(_ records: [OSVRecord], count: Int) -> [InventoryPackage] {
    var taken: [InventoryPackage] = []
    var seed: UInt64 = 42
    func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 33 }
    for record in records {
        for affected in record.affected ?? [] {
            guard let package = affected.package, Ecosystem.scheme(package.ecosystem) != nil else { continue }
            let versions =
                (affected.ranges ?? []).filter { $0.type != "GIT" }.flatMap { $0.events.compactMap { $0.fixed ?? $0.introduced } }.filter {
                    $0 != "0"
                }
                + (affected.versions ?? []).prefix(3)
            for version in versions where next() % 4 == 0 {
                taken.append(InventoryPackage(name: package.name, version: version, ecosystem: package.ecosystem))
            }
        }
    }
    var packages = Array(taken.prefix(count / 2))
    let ecosystems = ["PyPI", "Go", "crates.io", "npm", "AlmaLinux:9"]
    var n = 0
    while packages.count < count {
        packages.append(
            InventoryPackage(name: "unrelated-package-\(n)", version: "1.\(n % 50).\(n % 7)", ecosystem: ecosystems[n % ecosystems.count]))
        n += 1
    }
    return packages
}
