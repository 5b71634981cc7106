// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Whether the advisories can answer for an inventory: an ecosystem with no advisory at all finds nothing however
/// vulnerable its packages are, and a database not updated for weeks misses what was published since. `vuln scan`
/// prints these on standard error, so that "0 findings" is not read as "safe".
public enum ScanCoverage {
    /// Advisories older than this (by their newest `modified`) are called out of date.
    public static let staleAfter: TimeInterval = 14 * 86_400

    public static func warnings(index: AdvisoryIndex, packages: [InventoryPackage], now: Date) -> [String] {
        var covered = Set<String>()
        var newest: Date?
        for record in index.records.values {
            for affected in record.affected ?? [] {
                if let ecosystem = affected.package?.ecosystem { covered.insert(base(ecosystem)) }
            }
            if let modified = Timestamp.parse(record.modified), newest.map({ modified > $0 }) ?? true { newest = modified }
        }
        var warnings: [String] = []
        let counts = Dictionary(grouping: packages, by: { base($0.ecosystem) }).mapValues(\.count)
        for (ecosystem, count) in counts.sorted(by: { $0.key < $1.key }) where !covered.contains(ecosystem) {
            warnings.append(
                "no advisories for \(ecosystem): its \(count) package\(count == 1 ? "" : "s") cannot have findings — add its OSV export to --db (bulwark vuln db update --ecosystem \(ecosystem))"
            )
        }
        if let newest, now.timeIntervalSince(newest) > staleAfter {
            let days = Int(now.timeIntervalSince(newest) / 86_400)
            warnings.append(
                "the newest advisory was modified \(days) days ago: advisories published since are missing — update the database (bulwark vuln db update)"
            )
        }
        return warnings
    }

    /// `Debian:12` → `Debian`: advisories name a release or not, inventories too.
    static func base(_ ecosystem: String) -> String { String(ecosystem.prefix { $0 != ":" }) }
}
