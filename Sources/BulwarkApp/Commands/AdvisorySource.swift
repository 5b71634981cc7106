// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Storage
import Vulnerabilities

/// Where `vuln scan --db` reads advisories: files (OSV, KEV, EPSS), a Bulwark data directory or a Bulwark database
/// (`sqlite:PATH`, `postgres://…`).
enum AdvisorySource {
    static func load(paths: [String]) async throws -> AdvisoryIndex {
        var batch = AdvisoryBatch()
        for path in paths {
            let location: DatabaseLocation?
            do { location = try DataDirectoryAdvisories.database(path) } catch { throw InputError("--db: \(error)") }
            if let location {
                batch.merge(try await DataDirectoryAdvisories.read(location))
            } else {
                batch.merge(AdvisoryImport.read(path: path))
            }
        }
        for rejected in batch.rejected.prefix(20) { printError("\(rejected.place): \(rejected.reason)") }
        if batch.rejected.count > 20 { printError("… and \(batch.rejected.count - 20) more advisory records left out") }
        if batch.records.isEmpty { throw InputError("--db: no OSV records found in \(paths.joined(separator: ", "))") }
        return AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss)
    }
}
